namespace Numerics.Simd.Tests;

/// <summary>Argument checks name the argument; aliasing is exact or rejected; nothing is allocated.</summary>
public class ActivationArgumentTests
{
    [Fact]
    public void Unary_kernels_name_a_short_or_partially_overlapping_output()
    {
        var x = new float[10];
        var shortY = new float[9];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Sigmoid(x, shortY)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Tanh(x, shortY)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Relu(x, shortY)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.LeakyRelu(x, 0.1f, shortY)).ParamName);

        var buffer = new float[20];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Sigmoid(buffer.AsSpan(0, 10), buffer.AsSpan(1, 10))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Tanh(buffer.AsSpan(5, 10), buffer.AsSpan(0, 10))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Relu(buffer.AsSpan(0, 10), buffer.AsSpan(9, 10))).ParamName);
    }

    [Fact]
    public void Grad_kernels_name_mismatched_or_overlapping_arguments()
    {
        var a = new float[10];
        var b = new float[10];
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => Activations.SigmoidGrad(a, new float[9], b)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.TanhGrad(a, b, new float[9])).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => Activations.ReluGrad(a, new float[11], b)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.LeakyReluGrad(a, 0.1f, b, new float[3])).ParamName);
        var buffer = new float[20];
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.SigmoidGrad(a, buffer.AsSpan(0, 10), buffer.AsSpan(2, 10))).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.ReluGrad(buffer.AsSpan(3, 10), b, buffer.AsSpan(0, 10))).ParamName);
    }

    [Fact]
    public void Softmax_names_its_bad_arguments()
    {
        var x = new float[12];
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Softmax(x, -1, 3, x)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Softmax(x, 3, -1, x)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Activations.Softmax(x, 5, 3, new float[15])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Softmax(x, 4, 3, new float[11])).ParamName);
        var buffer = new float[24];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Softmax(buffer.AsSpan(0, 12), 4, 3, buffer.AsSpan(3, 12))).ParamName);
    }

    [Fact]
    public void Every_activation_entry_point_allocates_nothing()
    {
        var x = new float[1000];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 37) - 18 + (i % 120 == 0 ? 200 : 0);
        var y = new float[1000];
        var dx = new float[1000];
        void RunAll()
        {
            Activations.Sigmoid(x, y);
            Activations.SigmoidGrad(y, x, dx);
            Activations.Tanh(x, y);
            Activations.TanhGrad(y, x, dx);
            Activations.Relu(x, y);
            Activations.ReluGrad(x, y, dx);
            Activations.LeakyRelu(x, 0.01f, y);
            Activations.LeakyReluGrad(x, 0.01f, y, dx);
            Activations.Softmax(x, 100, 10, y);
            Activations.Softmax(x, 10, 100, y);
            Activations.Softmax(x, 1, 1000, y);
            Activations.Gelu(x, y);
            Activations.GeluGrad(x, y, dx);
            Activations.GeluTanh(x, y);
            Activations.GeluTanhGrad(x, y, dx);
            Activations.Silu(x, y);
            Activations.SiluGrad(x, y, dx);
            Activations.Elu(x, 1f, y);
            Activations.EluGrad(x, 1f, y, dx);
            Activations.Relu6(x, y);
            Activations.Relu6Grad(x, y, dx);
            Activations.LogSoftmax(x, 100, 10, y);
            Activations.LogSoftmaxGrad(y, x, 100, 10, dx);
        }

        RunAll();
        Assert.Equal(0, Allocations.FewestPerRun(RunAll));
    }
}
