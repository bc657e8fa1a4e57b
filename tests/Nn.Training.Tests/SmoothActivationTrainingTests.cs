using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Training.Tests;

/// <summary>Training with GELU, GELU-tanh, SiLU, ELU, ReLU6 and a LogSoftmax output: allocation-free steps, CrossEntropy as NLL, gradient checks.</summary>
public class SmoothActivationTrainingTests
{
    private static Network Smooth(Activation last)
    {
        var network = new Network(
            new DenseLayer(12, 10, Activation.Gelu),
            new DenseLayer(10, 9, Activation.Silu),
            new DenseLayer(9, 8, Activation.Elu) { ActivationParameter = 0.7f },
            new DenseLayer(8, 7, Activation.Relu6),
            new DenseLayer(7, 6, Activation.GeluTanh),
            new DenseLayer(6, 4, last));
        network.Initialize(3);
        return network;
    }

    [Theory]
    [InlineData(Activation.LogSoftmax)]
    [InlineData(Activation.Softmax)]
    public void A_training_step_with_the_new_activations_allocates_nothing(Activation last)
    {
        var network = Smooth(last);
        var random = new Random(2);
        var x = RandomNetworks.Normal(random, 32 * 12);
        var indices = Enumerable.Range(0, 32).Select(i => (float)(i % 4)).ToArray();
        var grads = new Gradients(network);
        var loss = Loss.CrossEntropy();
        var optimizer = new Adam(weightDecay: 1e-4f);
        void Step()
        {
            grads.Clear();
            Backprop.ComputeGradients(network, x, indices, 32, loss, grads);
            optimizer.Step(network, grads);
        }

        for (int i = 0; i < 3; i++) Step();
        Assert.Equal(0, Allocations.FewestPerRun(Step));
    }

    [Fact]
    public void CrossEntropy_on_LogSoftmax_is_NLL_and_matches_CrossEntropy_on_Softmax()
    {
        // The same weights ending in Softmax or in LogSoftmax: the loss is computed from the same logits (equal
        // bits), and the logit gradient is e^h − t against h' − t, h' = softmax(z), e^h = softmax(z) to a few ulps.
        var softmax = Smooth(Activation.Softmax);
        var logSoftmax = Smooth(Activation.LogSoftmax);
        for (int l = 0; l < softmax.Layers.Count; l++)
        {
            logSoftmax.Layers[l].CopyWeightsFrom(softmax.Layers[l].ReadOnlyWeights);
            logSoftmax.Layers[l].CopyBiasesFrom(softmax.Layers[l].Biases);
        }

        var random = new Random(5);
        var x = RandomNetworks.Normal(random, 9 * 12);
        var t = Enumerable.Range(0, 9).Select(i => (float)(i % 4)).ToArray();
        var plain = new Gradients(softmax);
        var nll = new Gradients(logSoftmax);
        float plainLoss = Backprop.ComputeGradients(softmax, x, t, 9, Loss.CrossEntropy(), plain);
        float nllLoss = Backprop.ComputeGradients(logSoftmax, x, t, 9, Loss.CrossEntropy(), nll);
        Assert.Equal(plainLoss, nllLoss);
        for (int l = 0; l < softmax.Layers.Count; l++)
        {
            var a = plain.Weights(l).ToArray();
            var b = nll.Weights(l).ToArray();
            double scale = a.Max(Math.Abs);
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 * scale, $"layer {l} [{i}]: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void Backprop_through_the_new_activations_agrees_with_GradientCheck()
    {
        foreach (var loss in new[] { Loss.CrossEntropy(), Loss.MeanSquaredError() })
        {
            var network = Smooth(Activation.LogSoftmax);
            var random = new Random(8);
            var x = RandomNetworks.Normal(random, 5 * 12);
            var t = loss.Name == "CrossEntropy" ? Enumerable.Range(0, 5).Select(i => (float)(i % 4)).ToArray() : RandomNetworks.Normal(random, 5 * 4);
            var errors = GradientCheck.Run(network, x, t, 5, loss);
            Assert.True(errors.All(e => Math.Max(e.WeightsError, e.BiasesError) < 1e-4), $"{loss}: " + string.Join(", ", errors));
        }
    }

    [Fact]
    public void BinaryCrossEntropy_refuses_a_LogSoftmax_output()
    {
        var network = new Network(new DenseLayer(3, 2, Activation.LogSoftmax));
        var error = Assert.Throws<ArgumentException>(() =>
            Backprop.ComputeGradients(network, new float[3], new float[2], 1, Loss.BinaryCrossEntropy(), new Gradients(network)));
        Assert.Contains("LogSoftmax", error.Message, StringComparison.Ordinal);
    }
}
