using Nn.Dense;

namespace Nn.Dense.Tests;

public class NetworkShapeTests
{
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
