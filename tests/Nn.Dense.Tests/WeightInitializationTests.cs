using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>
/// <see cref="Network.Initialize(int, WeightInitialization)"/>: the drawn values against the stated
/// distributions, within bounds from sampling theory. For N independent draws with variance σ² and
/// fourth central moment μ4, the sample mean has standard deviation σ/√N and the sample variance
/// s² has standard deviation √((μ4 − σ⁴)/N), i.e. σ²·√(2/N) for a normal (μ4 = 3σ⁴) and
/// σ²·√(0.8/N) for a uniform (μ4 = 9σ⁴/5). Six of those standard deviations fail by chance with
/// probability about 2e-9 (the draws are seeded, so a run either always passes or always fails),
/// while a wrong formula (a factor 1.5 or more in variance, as He against PyTorch's 1/(3·fan_in))
/// lies tens to hundreds of them away.
/// </summary>
public class WeightInitializationTests
{
    private const double Sigmas = 6;

    [Theory]
    [InlineData(784, 256, Activation.Relu)]
    [InlineData(256, 128, Activation.Tanh)]
    [InlineData(128, 10, Activation.Softmax)]
    [InlineData(30, 2000, Activation.Identity)]
    public void PyTorchLinear_draws_uniform_weights_and_biases_within_one_over_root_fan_in(int inputs, int outputs, Activation activation)
    {
        var network = new Network(new DenseLayer(inputs, outputs, activation));
        network.Initialize(5, WeightInitialization.PyTorchLinear);
        double bound = 1 / Math.Sqrt(inputs);
        AssertUniform(network.Layers[0].Weights.ToArray(), bound, $"weights of a {inputs}->{outputs} {activation} layer");
        AssertUniform(network.Layers[0].Biases.ToArray(), bound, $"biases of a {inputs}->{outputs} {activation} layer");
    }

    [Fact]
    public void PyTorchLinear_uses_each_layers_own_fan_in()
    {
        var network = new Network(
            new DenseLayer(784, 256, Activation.Relu), new DenseLayer(256, 128, Activation.Relu), new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(9, WeightInitialization.PyTorchLinear);
        foreach (var layer in network.Layers)
        {
            AssertUniform(layer.Weights.ToArray(), 1 / Math.Sqrt(layer.Inputs), $"weights of the {layer.Inputs}->{layer.Outputs} layer");
        }
    }

    [Fact]
    public void PyTorchLinear_does_not_depend_on_the_activation()
    {
        var relu = new Network(new DenseLayer(40, 30, Activation.Relu), new DenseLayer(30, 5, Activation.Softmax));
        var sigmoid = new Network(new DenseLayer(40, 30, Activation.Sigmoid), new DenseLayer(30, 5, Activation.Identity));
        relu.Initialize(3, WeightInitialization.PyTorchLinear);
        sigmoid.Initialize(3, WeightInitialization.PyTorchLinear);
        for (int l = 0; l < 2; l++)
        {
            Assert.True(relu.Layers[l].Weights.SequenceEqual(sigmoid.Layers[l].Weights));
            Assert.True(relu.Layers[l].Biases.SequenceEqual(sigmoid.Layers[l].Biases));
        }
    }

    /// <summary>
    /// Every Activation value, including ones appended later: Xavier for Identity, Sigmoid, Tanh and
    /// the softmax family (output normalizers), He for the rest. A softmax-like activation added
    /// without joining the Xavier list in Network fails here.
    /// </summary>
    [Fact]
    public void HeXavier_gives_Xavier_to_identity_sigmoid_tanh_and_softmaxes_and_He_to_every_other_activation()
    {
        const int inputs = 500, outputs = 250;
        foreach (var activation in Enum.GetValues<Activation>())
        {
            var network = new Network(new DenseLayer(inputs, outputs, activation));
            network.Layers[0].Biases.Fill(1f);
            network.Initialize(21, WeightInitialization.HeXavier);
            string name = activation.ToString();
            bool xavier = name is "Identity" or "Sigmoid" or "Tanh" || name.EndsWith("Softmax", StringComparison.Ordinal);
            double variance = xavier ? 2.0 / (inputs + outputs) : 2.0 / inputs;
            AssertMoments(network.Layers[0].Weights.ToArray(), variance, 3, $"{activation} ({(xavier ? "Xavier" : "He")})");
            Assert.All(network.Layers[0].Biases.ToArray(), b => Assert.Equal(0f, b));
        }
    }

    [Fact]
    public void Initialize_without_a_scheme_is_HeXavier_bit_for_bit()
    {
        var plain = TwoLayers();
        var explicitScheme = TwoLayers();
        plain.Initialize(17);
        explicitScheme.Initialize(17, WeightInitialization.HeXavier);
        for (int l = 0; l < 2; l++) Assert.True(plain.Layers[l].Weights.SequenceEqual(explicitScheme.Layers[l].Weights));
    }

    [Theory]
    [InlineData(WeightInitialization.HeXavier)]
    [InlineData(WeightInitialization.PyTorchLinear)]
    public void The_same_seed_gives_the_same_values_and_another_seed_other_values(WeightInitialization scheme)
    {
        var a = TwoLayers();
        var b = TwoLayers();
        var c = TwoLayers();
        a.Initialize(7, scheme);
        b.Initialize(7, scheme);
        c.Initialize(8, scheme);
        for (int l = 0; l < 2; l++)
        {
            Assert.True(a.Layers[l].Weights.SequenceEqual(b.Layers[l].Weights));
            Assert.True(a.Layers[l].Biases.SequenceEqual(b.Layers[l].Biases));
            Assert.False(a.Layers[l].Weights.SequenceEqual(c.Layers[l].Weights));
        }

        if (scheme == WeightInitialization.PyTorchLinear) Assert.False(a.Layers[1].Biases.SequenceEqual(c.Layers[1].Biases));
    }

    [Fact]
    public void The_schemes_draw_different_weights_and_a_second_call_replaces_the_first()
    {
        var network = TwoLayers();
        network.Initialize(4, WeightInitialization.PyTorchLinear);
        var pytorch = network.Layers[0].Weights.ToArray();
        network.Initialize(4, WeightInitialization.HeXavier);
        Assert.False(network.Layers[0].Weights.SequenceEqual(pytorch));
        Assert.All(network.Layers[1].Biases.ToArray(), b => Assert.Equal(0f, b));
        network.Initialize(4, WeightInitialization.PyTorchLinear);
        Assert.True(network.Layers[0].Weights.SequenceEqual(pytorch));
    }

    [Fact]
    public void An_undefined_scheme_is_refused()
    {
        var network = TwoLayers();
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Initialize(1, (WeightInitialization)99));
    }

    private static Network TwoLayers() =>
        new(new DenseLayer(20, 10, Activation.Relu), new DenseLayer(10, 3, Activation.Sigmoid));

    /// <summary>
    /// U(−bound, bound): every value inside (float rounding of bound·(2u − 1) can reach bound but not pass
    /// it by more than half an ulp), mean 0 and variance bound²/3 (μ4 = 9σ⁴/5); the largest |value| near
    /// bound (P(max |v| &lt; bound·(1 − δ)) = (1 − δ)^N ≤ e^−20 for δ = 20/N); and half of the values
    /// beyond bound/2 (binomial, standard deviation √(0.25/N)), which a normal of that variance misses by
    /// far (about 39% beyond).
    /// </summary>
    private static void AssertUniform(float[] values, double bound, string what)
    {
        int n = values.Length;
        double largest = values.Max(v => Math.Abs((double)v));
        Assert.True(largest <= bound * (1 + Math.Pow(2, -24)), $"{what}: |value| {largest} above the bound {bound}");
        Assert.True(largest >= bound * (1 - 20.0 / n), $"{what}: largest |value| {largest} of {n} is far below the bound {bound}");
        AssertMoments(values, bound * bound / 3, 1.8, what);
        double beyondHalf = values.Count(v => Math.Abs(v) > bound / 2) / (double)n;
        Assert.True(Math.Abs(beyondHalf - 0.5) <= Sigmas * Math.Sqrt(0.25 / n), $"{what}: fraction beyond bound/2 is {beyondHalf} of {n}, expected 0.5");
    }

    /// <summary>Mean 0 and variance σ² within six standard deviations of their sampling distributions (kurtosis = μ4/σ⁴).</summary>
    private static void AssertMoments(float[] values, double variance, double kurtosis, string what)
    {
        int n = values.Length;
        double mean = values.Average(v => (double)v);
        double sampleVariance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        Assert.True(Math.Abs(mean) <= Sigmas * Math.Sqrt(variance / n), $"{what}: mean {mean} of {n} values, variance {variance}");
        Assert.True(Math.Abs(sampleVariance / variance - 1) <= Sigmas * Math.Sqrt((kurtosis - 1) / n),
            $"{what}: sample variance {sampleVariance} of {n} values, expected {variance}");
    }
}
