using Nn.Dense;

namespace Nn.Dense.Tests;

public class NetworkShapeTests
{
    [Theory]
    [InlineData(65536, 65536)]            // 4.3e9 parameters: far past the limit
    [InlineData(16384, 16384)]            // (16384 + 1)·16384 = 2^28 + 16384: just past it
    public void A_layer_a_model_file_could_not_hold_is_refused_before_allocating(int inputs, int outputs)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DenseLayer(inputs, outputs, Activation.Relu));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the refusal allocated the weights first");
        Assert.Contains("ModelFile.MaxParameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_layer_a_model_file_holds_is_accepted()
    {
        // (16383 + 1)·16384 = 2^28 exactly: the limit itself is allowed (ModelFile.Fits says so too).
        Assert.True(ModelFile.Fits([16383, 16384], out long parameters));
        Assert.Equal(ModelFile.MaxParameters, parameters);
    }

    [Fact]
    public void Layers_whose_sizes_do_not_chain_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Network(new DenseLayer(4, 5, Activation.Relu), new DenseLayer(6, 2, Activation.Identity)));
        Assert.Contains("chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Softmax_before_the_last_layer_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Network(new DenseLayer(4, 5, Activation.Softmax), new DenseLayer(5, 2, Activation.Identity)));
        Assert.Contains("last layer", error.Message, StringComparison.Ordinal);
    }
}
