using Nn.Dense.Tests.Reference;

namespace Nn.Dense.Tests;

/// <summary>
/// Input equalization of int8 layers: a layer whose weight columns differ by far more than <see cref="InputEqualization.Threshold"/>
/// (a standardized table folded into the first layer) gets power-of-two input factors, the codes of W/s, and the same
/// function; a layer without such columns gets none.
/// </summary>
public class QuantizedEqualizationTests
{
    private const int Inputs = 40;
    private const int Outputs = 12;

    /// <summary>
    /// Like a standardization fold with a nearly constant input: column 0 is 300 times the others, and the input it
    /// multiplies is mostly 0 (here: 0 in most rows, small in the others).
    /// </summary>
    private static (Network Network, float[] Inputs, int Batch) Standardized(int seed)
    {
        var random = new Random(seed);
        var network = new Network(new DenseLayer(Inputs, Outputs, Activation.Identity));
        network.Initialize(seed);
        var weights = network.Layers[0].Weights;
        for (int j = 0; j < Outputs; j++) weights[j * Inputs] *= 300;
        int batch = 16;
        var inputs = TestNetworks.RandomArray(random, batch * Inputs, 2f);
        for (int r = 0; r < batch; r++) inputs[r * Inputs] = r % 4 == 0 ? 0.01f * (r + 1) : 0;
        return (network, inputs, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_equalized_layer_computes_the_reference_on_scaled_inputs_and_divided_weights(int seed)
    {
        var (network, inputs, batch) = Standardized(seed);
        var layer = (Int8QuantizedLayer)network.Quantize(WeightFormat.Int8).LayerData[0];
        Assert.True(layer.Equalized);
        var factors = layer.InputScales.ToArray();
        foreach (float factor in factors) Assert.Equal(factor, MathF.Pow(2, MathF.Round(MathF.Log2(factor))));
        Assert.True(factors[0] > 1, $"the large column's factor is {factors[0]}");

        var weights = network.Layers[0].Weights.ToArray();
        for (int i = 0; i < weights.Length; i++) weights[i] /= factors[i % Inputs];
        var (codes, scales) = ReferenceQuantized.QuantizeWeights(weights, Outputs, Inputs);
        Assert.Equal(codes, layer.Codes.ToArray());
        Assert.Equal(scales, layer.Scales.ToArray());

        var outputs = new float[batch * Outputs];
        layer.Forward(inputs, batch, outputs);
        var bias = network.Layers[0].Biases.ToArray();
        for (int r = 0; r < batch; r++)
        {
            var scaled = new float[Inputs];
            for (int p = 0; p < Inputs; p++) scaled[p] = inputs[r * Inputs + p] * factors[p]; // exact: powers of two
            var (z, bound) = ReferenceQuantized.Int8Affine(scaled, codes, scales, bias);
            for (int j = 0; j < Outputs; j++) Assert.True(Math.Abs(outputs[r * Outputs + j] - z[j]) <= bound[j], $"row {r}, output {j}");
        }
    }

    [Fact]
    public void Equalization_cuts_the_int8_error_of_a_standardized_layer()
    {
        // Without equalization (the reference quantized directly), one scale per output spends the codes on column 0
        // and leaves the other columns about 127/300 of a code: the outputs lose most of their value.
        var (network, inputs, batch) = Standardized(4);
        var exact = new float[batch * Outputs];
        var equalized = new float[batch * Outputs];
        network.Predict(inputs, batch, exact);
        network.Quantize(WeightFormat.Int8).Predict(inputs, batch, equalized);
        var (codes, scales) = ReferenceQuantized.QuantizeWeights(network.Layers[0].Weights.ToArray(), Outputs, Inputs);
        var bias = network.Layers[0].Biases.ToArray();
        double plainError = 0, equalizedError = 0, largest = 0;
        for (int r = 0; r < batch; r++)
        {
            var (z, _) = ReferenceQuantized.Int8Affine(inputs.AsSpan(r * Inputs, Inputs), codes, scales, bias);
            for (int j = 0; j < Outputs; j++)
            {
                int i = r * Outputs + j;
                plainError = Math.Max(plainError, Math.Abs(z[j] - exact[i]));
                equalizedError = Math.Max(equalizedError, Math.Abs(equalized[i] - exact[i]));
                largest = Math.Max(largest, Math.Abs(exact[i]));
            }
        }

        Assert.True(equalizedError * 4 < plainError, $"largest error {equalizedError:E3} equalized, {plainError:E3} plain (outputs up to {largest:E3})");
    }

    [Fact]
    public void A_layer_without_outlying_columns_is_not_equalized()
    {
        var network = new Network(new DenseLayer(Inputs, Outputs, Activation.Relu), new DenseLayer(Outputs, 3, Activation.Identity));
        network.Initialize(9);
        var quantized = network.Quantize(WeightFormat.Int8);
        foreach (var layer in quantized.LayerData.ToArray())
        {
            var int8 = (Int8QuantizedLayer)layer;
            Assert.False(int8.Equalized);
            Assert.All(int8.InputScales.ToArray(), factor => Assert.Equal(1f, factor));
        }
    }

    [Fact]
    public void An_equalized_network_survives_a_file_round_trip_bit_for_bit()
    {
        var (network, inputs, batch) = Standardized(5);
        var quantized = network.Quantize(WeightFormat.Int8);
        using var stream = new MemoryStream();
        quantized.Save(stream);
        stream.Position = 0;
        var loaded = QuantizedNetwork.Load(stream);
        var before = new float[batch * Outputs];
        var after = new float[batch * Outputs];
        quantized.Predict(inputs, batch, before);
        loaded.Predict(inputs, batch, after);
        Assert.Equal(before, after);
        Assert.True(((Int8QuantizedLayer)loaded.LayerData[0]).Equalized);
    }
}
