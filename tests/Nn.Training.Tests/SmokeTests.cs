using Nn.Dense;

namespace Nn.Training.Tests;

public class InitializationTests
{
    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_does_not()
    {
        float[] Draw(int seed)
        {
            var network = new Network(new DenseLayer(8, 16, Activation.Relu), new DenseLayer(16, 3, Activation.Softmax));
            network.Initialize(seed);
            var weights = new float[8 * 16];
            network.Layers[0].CopyWeightsTo(weights);
            return weights;
        }

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }
}
