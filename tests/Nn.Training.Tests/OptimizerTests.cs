using Nn.Dense;
using Nn.Training.Tests.Reference;

namespace Nn.Training.Tests;

/// <summary>Optimizer steps against hand-written double-precision updates over several steps.</summary>
public class OptimizerTests
{
    private const double FloatEpsilon = 1.0 / (1 << 24);

    private static Network Create(int seed)
    {
        var network = new Network(new DenseLayer(5, 7, Activation.Relu), new DenseLayer(7, 3, Activation.Softmax));
        network.Initialize(seed);
        return network;
    }

    public static TheoryData<string> Configurations() => new() { "sgd", "sgd-decay", "momentum", "momentum-decay", "nesterov", "adam", "adam-decay" };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Steps_match_the_reference_update(string configuration)
    {
        const int steps = 6;
        const float rate = 0.05f, momentum = 0.9f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        float decay = configuration.EndsWith("decay", StringComparison.Ordinal) ? 0.01f : 0;
        bool adam = configuration.StartsWith("adam", StringComparison.Ordinal);
        bool nesterov = configuration == "nesterov";
        float mu = configuration.StartsWith("momentum", StringComparison.Ordinal) || nesterov ? momentum : 0;
        Optimizer optimizer = adam ? new Adam(rate, beta1, beta2, epsilon, decay) : new Sgd(rate, mu, decay, nesterov);

        var network = Create(11);
        var grads = new Gradients(network);
        int layers = network.Layers.Count;
        var w = new double[layers * 2][];
        var state1 = new double[layers * 2][];
        var state2 = new double[layers * 2][];
        var magnitude = new double[layers * 2][];
        for (int p = 0; p < layers * 2; p++)
        {
            var span = p % 2 == 0 ? network.Layers[p / 2].Weights : network.Layers[p / 2].Biases;
            w[p] = RandomNetworks.ToDouble(span);
            state1[p] = new double[span.Length];
            state2[p] = new double[span.Length];
            magnitude[p] = new double[span.Length];
        }

        var random = new Random(99);
        for (int step = 1; step <= steps; step++)
        {
            // Gradients from a real backward pass on random data, so they have realistic structure.
            grads.Clear();
            var x = RandomNetworks.Normal(random, 4 * 5);
            float[] t = [0, 1, 2, 1];
            Backprop.ComputeGradients(network, x, t, 4, Loss.CrossEntropy(), grads);
            for (int p = 0; p < layers * 2; p++)
            {
                var g = RandomNetworks.ToDouble(p % 2 == 0 ? grads.Weights(p / 2) : grads.Biases(p / 2));
                double pDecay = p % 2 == 0 ? decay : 0;
                if (adam) ReferenceOptimizers.Adam(w[p], g, state1[p], state2[p], step, rate, beta1, beta2, epsilon, pDecay, magnitude[p]);
                else ReferenceOptimizers.Sgd(w[p], g, state1[p], step, rate, mu, pDecay, nesterov, magnitude[p]);
            }

            optimizer.Step(network, grads);
            for (int p = 0; p < layers * 2; p++)
            {
                var got = p % 2 == 0 ? network.Layers[p / 2].Weights : network.Layers[p / 2].Biases;
                for (int i = 0; i < got.Length; i++)
                {
                    // Each step rounds about 8 float operations per element, each within ε relative of the
                    // magnitudes involved; momentum and moments carry earlier errors forward, hence × step.
                    double bound = 8 * step * FloatEpsilon * magnitude[p][i] + 1e-30;
                    Assert.True(Math.Abs(got[i] - w[p][i]) <= bound,
                        $"{configuration}, step {step}, parameter {p}[{i}]: {got[i]} vs reference {w[p][i]} (bound {bound})");
                }

                // Keep the reference on the float trajectory so that rounding does not compound across steps.
                w[p] = RandomNetworks.ToDouble(got);
            }
        }
    }

    [Fact]
    public void Weight_decay_leaves_biases_alone_and_shrinks_weights()
    {
        var network = new Network(new DenseLayer(1, 1, Activation.Identity));
        network.Layers[0].Weights[0] = 2;
        network.Layers[0].Biases[0] = 2;
        var grads = new Gradients(network);
        new Sgd(0.5f, weightDecay: 0.25f).Step(network, grads);
        // w ← 2 − 0.5·(0 + 0.25·2) = 1.75; b unchanged (zero gradient, no decay).
        Assert.Equal(1.75f, network.Layers[0].Weights[0]);
        Assert.Equal(2f, network.Layers[0].Biases[0]);
    }

    [Fact]
    public void An_optimizer_refuses_a_second_network_until_reset()
    {
        var a = Create(1);
        var b = Create(2);
        var optimizer = new Adam();
        optimizer.Step(a, new Gradients(a));
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => optimizer.Step(b, new Gradients(b))).ParamName);
        optimizer.Reset();
        optimizer.Step(b, new Gradients(b));
        Assert.Equal(1, optimizer.Steps);
    }

    [Fact]
    public void Invalid_hyperparameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, weightDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam { LearningRate = float.NaN });
    }
}
