namespace Nn.Dense.Tests;

/// <summary>The quantized copy's first properties: the float32 format is the network's own inference bit for bit, and int8 and bfloat16 stay near it.</summary>
public class QuantizedNetworkCoreTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Float32_format_predicts_the_networks_outputs_bit_for_bit(int batch)
    {
        var random = new Random(batch);
        var network = TestNetworks.RandomNetwork(random);
        var inputs = TestNetworks.RandomArray(random, batch * network.InputSize);
        var expected = new float[batch * network.OutputSize];
        var actual = new float[expected.Length];
        network.Predict(inputs, batch, expected);
        network.Quantize(WeightFormat.Float32).Predict(inputs, batch, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(WeightFormat.Int8, 0.05)]
    [InlineData(WeightFormat.BFloat16, 0.02)]
    public void Quantized_formats_stay_near_the_float_network(WeightFormat format, double relative)
    {
        // A loose sanity bound (the tight per-format bounds are checked against references elsewhere):
        // 7-bit activations and 8-bit weights err by about 2^-7 of the largest input per layer.
        var random = new Random(3);
        var network = new Network(new DenseLayer(40, 30, Activation.Relu), new DenseLayer(30, 5, Activation.Identity));
        network.Initialize(5);
        int batch = 9;
        var inputs = TestNetworks.RandomArray(random, batch * network.InputSize);
        var expected = new float[batch * network.OutputSize];
        var actual = new float[expected.Length];
        network.Predict(inputs, batch, expected);
        var quantized = network.Quantize(format);
        quantized.Predict(inputs, batch, actual);
        Assert.Equal(format, quantized.Format);
        double largest = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * largest, $"output {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void An_undefined_format_is_refused()
    {
        var network = new Network(new DenseLayer(2, 2, Activation.Relu));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Quantize((WeightFormat)7));
    }
}
