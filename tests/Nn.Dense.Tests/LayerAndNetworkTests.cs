using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Construction checks, parameter copies and <see cref="Network.Initialize(int)"/>.</summary>
public class LayerAndNetworkTests
{
    [Fact]
    public void Layer_constructor_rejects_bad_arguments_naming_them()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentOutOfRangeException>(() => new DenseLayer(0, 3, Activation.Relu)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentOutOfRangeException>(() => new DenseLayer(3, -1, Activation.Relu)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new DenseLayer(3, 3, (Activation)42)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentOutOfRangeException>(() => new DenseLayer(1 << 16, 1 << 16, Activation.Relu)).ParamName);
    }

    [Fact]
    public void Copies_check_lengths_and_round_trip()
    {
        var layer = new DenseLayer(3, 2, Activation.Tanh);
        float[] weights = [1, 2, 3, 4, 5, 6];
        layer.CopyWeightsFrom(weights);
        layer.CopyBiasesFrom([7f, 8f]);
        var back = new float[6];
        layer.CopyWeightsTo(back);
        Assert.Equal(weights, back);
        var biases = new float[2];
        layer.CopyBiasesTo(biases);
        Assert.Equal([7f, 8f], biases);
        Assert.Equal(weights, layer.Weights.ToArray());
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => layer.CopyWeightsFrom(new float[5])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => layer.CopyWeightsTo(new float[7])).ParamName);
        Assert.Equal("biases", Assert.Throws<ArgumentException>(() => layer.CopyBiasesFrom(new float[3])).ParamName);
        Assert.Equal("biases", Assert.Throws<ArgumentException>(() => layer.CopyBiasesTo(new float[1])).ParamName);
    }

    [Fact]
    public void Network_constructor_rejects_empty_and_null()
    {
        Assert.Throws<ArgumentNullException>(() => new Network(null!));
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new Network()).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new Network(new DenseLayer(2, 2, Activation.Relu), null!)).ParamName);
    }

    [Fact]
    public void Network_reports_sizes_and_keeps_its_own_layer_list()
    {
        var layers = new[] { new DenseLayer(5, 4, Activation.Relu), new DenseLayer(4, 3, Activation.Softmax) };
        var network = new Network(layers);
        layers[0] = new DenseLayer(9, 4, Activation.Relu);
        Assert.Equal(5, network.InputSize);
        Assert.Equal(3, network.OutputSize);
        Assert.Equal(5, network.Layers[0].Inputs);
    }

    [Fact]
    public void Initialize_is_deterministic_per_seed_and_clears_biases()
    {
        Network Make()
        {
            var n = new Network(new DenseLayer(20, 10, Activation.Relu), new DenseLayer(10, 3, Activation.Sigmoid));
            n.Layers[1].Biases.Fill(1f);
            return n;
        }

        var a = Make();
        var b = Make();
        var c = Make();
        a.Initialize(7);
        b.Initialize(7);
        c.Initialize(8);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(a.Layers[i].Weights.SequenceEqual(b.Layers[i].Weights));
            Assert.False(a.Layers[i].Weights.SequenceEqual(c.Layers[i].Weights));
            Assert.All(a.Layers[i].Biases.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    /// <summary>
    /// For N normal samples with variance σ², the sample variance s² has standard deviation
    /// σ²·√(2/(N−1)) and the sample mean σ/√N; six of those standard deviations fail by chance with
    /// probability about 2e-9, while a wrong formula (e.g. He instead of Xavier on 400+300 units,
    /// a factor 1.75 in variance) lies hundreds of them away.
    /// </summary>
    [Theory]
    [InlineData(Activation.Relu, 400, 300)]
    [InlineData(Activation.LeakyRelu, 300, 400)]
    [InlineData(Activation.Tanh, 400, 300)]
    [InlineData(Activation.Sigmoid, 200, 500)]
    [InlineData(Activation.Identity, 500, 100)]
    [InlineData(Activation.Softmax, 300, 200)]
    public void Initialize_draws_He_or_Xavier_normal_weights(Activation activation, int inputs, int outputs)
    {
        var network = new Network(new DenseLayer(inputs, outputs, activation));
        network.Initialize(11);
        double variance = activation is Activation.Relu or Activation.LeakyRelu ? 2.0 / inputs : 2.0 / (inputs + outputs);
        var w = network.Layers[0].Weights.ToArray();
        int n = w.Length;
        double mean = w.Average(x => (double)x);
        double sampleVariance = w.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        Assert.True(Math.Abs(mean) <= 6 * Math.Sqrt(variance / n), $"mean {mean} for variance {variance}");
        Assert.True(Math.Abs(sampleVariance / variance - 1) <= 6 * Math.Sqrt(2.0 / (n - 1)), $"sample variance {sampleVariance}, expected {variance}");

        // Normal, not uniform: the fraction beyond 2σ is 4.55% (binomial std √(p(1−p)/N)).
        double beyond = w.Count(x => Math.Abs(x) > 2 * Math.Sqrt(variance)) / (double)n;
        Assert.True(Math.Abs(beyond - 0.0455) <= 6 * Math.Sqrt(0.0455 * 0.9545 / n), $"fraction beyond 2σ {beyond}");
    }
}
