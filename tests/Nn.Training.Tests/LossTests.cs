using Nn.Dense;
using Nn.Training.Tests.Reference;
using Kind = Nn.Training.Tests.Reference.ReferenceNetwork.LossKind;

namespace Nn.Training.Tests;

public class LossTests
{
    private static Network Single(int inputs, int outputs, Activation activation, float[] weights, float[] biases)
    {
        var layer = new DenseLayer(inputs, outputs, activation);
        layer.CopyWeightsFrom(weights);
        layer.CopyBiasesFrom(biases);
        return new Network(layer);
    }

    [Fact]
    public void Mean_squared_error_has_no_half_and_mean_divides_by_the_element_count()
    {
        // Identity layer with W = I, b = 0: y = x. Dyadic values, so every result is exact.
        var network = Single(2, 2, Activation.Identity, [1, 0, 0, 1], [0, 0]);
        float[] x = [1, 2, 3, 4];
        float[] t = [0, 0, 2, 6];
        Assert.Equal(1 + 4 + 1 + 4, Backprop.ComputeLoss(network, x, t, 2, Loss.MeanSquaredError(Reduction.Sum)));
        Assert.Equal(10f / 4, Backprop.ComputeLoss(network, x, t, 2, Loss.MeanSquaredError()));

        var grads = new Gradients(network);
        Backprop.ComputeGradients(network, x, t, 2, Loss.MeanSquaredError(Reduction.Sum), grads);
        // db = Σ_batch 2(y − t) = [2·1 + 2·1, 2·2 + 2·(−2)].
        Assert.Equal([4f, 0f], grads.Biases(0).ToArray());
    }

    [Fact]
    public void Cross_entropy_stays_finite_when_a_probability_underflows_to_zero()
    {
        // Logits (0, 200): softmax gives p0 = e^−200, which is 0 in float; log-sum-exp gives L = 200.
        var network = Single(1, 2, Activation.Softmax, [0, 200], [0, 0]);
        float[] x = [1];
        float oneHot = Backprop.ComputeLoss(network, x, [1, 0], 1, Loss.CrossEntropy());
        float index = Backprop.ComputeLoss(network, x, [0], 1, Loss.CrossEntropy());
        Assert.Equal(200f, oneHot, 200 * 2e-7f);
        Assert.Equal(200f, index, 200 * 2e-7f);

        var grads = new Gradients(network);
        Backprop.ComputeGradients(network, x, [0], 1, Loss.CrossEntropy(), grads);
        // dZ = y − t = (0 − 1, 1 − 0) exactly, since y = (0, 1) in float.
        Assert.Equal([-1f, 1f], grads.Biases(0).ToArray());
    }

    [Fact]
    public void Index_targets_and_one_hot_targets_give_the_same_loss_and_gradients()
    {
        var random = new Random(3);
        var network = RandomNetworks.Create(random, Activation.Softmax, outputs: 4);
        var x = RandomNetworks.Normal(random, 3 * network.InputSize);
        float[] indices = [3, 0, 2];
        var oneHot = new float[12];
        for (int s = 0; s < 3; s++) oneHot[s * 4 + (int)indices[s]] = 1;
        var a = new Gradients(network);
        var b = new Gradients(network);
        float la = Backprop.ComputeGradients(network, x, indices, 3, Loss.CrossEntropy(), a);
        float lb = Backprop.ComputeGradients(network, x, oneHot, 3, Loss.CrossEntropy(), b);
        Assert.Equal(la, lb);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(a.Weights(l).ToArray(), b.Weights(l).ToArray());
            Assert.Equal(a.Biases(l).ToArray(), b.Biases(l).ToArray());
        }
    }

    [Theory]
    [InlineData(Kind.CrossEntropy, Activation.Softmax)]
    [InlineData(Kind.BinaryCrossEntropy, Activation.Sigmoid)]
    public void Fused_last_layer_gradient_equals_the_unfused_chain_rule(Kind kind, Activation last)
    {
        // The fused dZ = y − t against the reference's ∂L/∂y followed by the activation's Jacobian.
        // The last layer's bias gradient is Σ_batch dZ, so it exposes dZ directly.
        for (int seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var network = RandomNetworks.Create(random, last);
            int batch = random.Next(1, 6), width = network.OutputSize;
            var x = RandomNetworks.Normal(random, batch * network.InputSize);
            var t = kind == Kind.CrossEntropy ? RandomNetworks.ProbabilityRows(random, batch, width) : RandomNetworks.Uniform01(random, batch * width);
            var grads = new Gradients(network);
            Backprop.ComputeGradients(network, x, t, batch, GradientTests.Create(kind, Reduction.Sum), grads);
            var reference = new ReferenceNetwork(network);
            var exact = reference.Gradients(kind, Reduction.Sum, RandomNetworks.ToDouble(x), RandomNetworks.ToDouble(t), batch);
            var db = grads.Biases(network.Layers.Count - 1);
            // Each dZ entry is y − t with y from a float forward pass: error ≤ (K·ε)·(|y| + |t|) summed over the batch,
            // K = the fan-in chain of the forward pass plus a few element-wise steps.
            int k = network.Layers.Sum(l => l.Inputs + l.Outputs) + 8;
            for (int j = 0; j < width; j++)
            {
                double bound = 2.0 * k * batch / (1 << 24) * 2;
                Assert.True(Math.Abs(db[j] - exact.Biases[^1][j]) <= bound, $"seed {seed}, {GradientTests.Describe(network)}: dB[{j}] {db[j]} vs {exact.Biases[^1][j]}");
            }
        }
    }

    [Fact]
    public void Binary_cross_entropy_on_non_sigmoid_outputs_clamps_logs_at_minus_100()
    {
        // Softmax over 2 logits (0, 200): y = (0, 1) in float; targets (1, 0): both logs are log 0 → −100 each.
        var network = Single(1, 2, Activation.Softmax, [0, 200], [0, 0]);
        Assert.Equal(200f, Backprop.ComputeLoss(network, [1], [1, 0], 1, Loss.BinaryCrossEntropy(Reduction.Sum)));
    }

    [Fact]
    public void Cross_entropy_without_softmax_is_rejected_with_a_clear_message()
    {
        var network = Single(1, 2, Activation.Sigmoid, [1, 1], [0, 0]);
        var error = Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [1], [0], 1, Loss.CrossEntropy()));
        Assert.Contains("Softmax", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f)));
    }

    [Theory]
    [InlineData(new float[] { 2 })]            // index out of range
    [InlineData(new float[] { -1 })]           // negative index
    [InlineData(new float[] { 0.5f })]         // not an integer
    [InlineData(new float[] { float.NaN })]
    [InlineData(new float[] { 0, 1, 0 })]      // neither 1 nor 2 values
    public void Bad_cross_entropy_targets_are_rejected(float[] targets)
    {
        var network = Single(1, 2, Activation.Softmax, [1, 1], [0, 0]);
        var error = Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [1], targets, 1, Loss.CrossEntropy()));
        Assert.Equal("targets", error.ParamName);
    }

    [Theory]
    [InlineData(new float[] { 1.5f, 0 })]
    [InlineData(new float[] { -0.1f, 0 })]
    [InlineData(new float[] { 0.5f })]
    public void Bad_binary_cross_entropy_targets_are_rejected(float[] targets)
    {
        var network = Single(1, 2, Activation.Sigmoid, [1, 1], [0, 0]);
        var error = Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [1], targets, 1, Loss.BinaryCrossEntropy()));
        Assert.Equal("targets", error.ParamName);
    }

    [Fact]
    public void Binary_cross_entropy_needs_outputs_in_the_unit_interval()
    {
        var network = Single(1, 1, Activation.Identity, [1], [0]);
        Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [3], [1], 1, Loss.BinaryCrossEntropy()));
    }

    [Fact]
    public void Mismatched_inputs_and_gradients_are_rejected()
    {
        var network = Single(2, 1, Activation.Identity, [1, 1], [0]);
        var other = Single(1, 1, Activation.Identity, [1], [0]);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [1], [1], 1, Loss.MeanSquaredError())).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => Backprop.ComputeLoss(network, [1, 2], [1, 2], 1, Loss.MeanSquaredError())).ParamName);
        Assert.Equal("grads", Assert.Throws<ArgumentException>(() =>
            Backprop.ComputeGradients(network, [1, 2], [1], 1, Loss.MeanSquaredError(), new Gradients(other))).ParamName);
    }
}
