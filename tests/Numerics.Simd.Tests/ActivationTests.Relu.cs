using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

public class ActivationReluTests
{
    private static bool SameBits(float a, float b) => BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b);

    [Fact]
    public void Relu_is_exact_for_every_length_and_NaN_passes_through()
    {
        ElementwiseHarness.CheckUnary(
            Activations.Relu,
            (x, y) => float.IsNaN(x) ? float.IsNaN(y) : SameBits(y, (float)ReferenceActivations.Relu(x)),
            -5,
            5);
    }

    [Fact]
    public void Relu_of_negative_zero_is_positive_zero()
    {
        var x = new[] { -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f };
        var y = new float[x.Length];
        Activations.Relu(x, y);
        Assert.All(y, v => Assert.True(SameBits(v, 0f)));
    }

    [Theory]
    [InlineData(0.01f)]
    [InlineData(0.2f)]
    [InlineData(0f)]
    [InlineData(-1f)]
    public void LeakyRelu_is_one_correctly_rounded_product_for_every_length(float slope)
    {
        ElementwiseHarness.CheckUnary(
            (x, y) => Activations.LeakyRelu(x, slope, y),
            (x, y) => float.IsNaN(x) ? float.IsNaN(y) : y.Equals((float)ReferenceActivations.LeakyRelu(x, slope)),
            -5,
            5);
    }

    [Fact]
    public void ReluGrad_passes_dy_only_where_x_is_positive_and_is_zero_at_zero()
    {
        ElementwiseHarness.CheckBinary(
            Activations.ReluGrad,
            (x, dy, dx) => x > 0 ? SameBits(dx, dy) : SameBits(dx, 0f),
            -3,
            3);
        var at = new float[] { 0f, -0f, float.Epsilon };
        var grad = new float[3];
        Activations.ReluGrad(at, [1f, 1f, 1f], grad);
        Assert.Equal(new[] { 0f, 0f, 1f }, grad);
    }

    [Theory]
    [InlineData(0.01f)]
    [InlineData(0.3f)]
    public void LeakyReluGrad_is_dy_or_slope_times_dy(float slope)
    {
        ElementwiseHarness.CheckBinary(
            (x, dy, dx) => Activations.LeakyReluGrad(x, slope, dy, dx),
            (x, dy, dx) => float.IsNaN(dy) ? float.IsNaN(dx) : dx.Equals((float)ReferenceActivations.LeakyReluGrad(x, slope, dy)),
            -3,
            3);
    }
}
