using Nn.Dense.Tests.Reference;
using SimdNn.Testing;

namespace Nn.Dense.Tests;

/// <summary>
/// QuantizedNetwork's inference: float32 bit for bit the network's, int8 and bfloat16 against naive references layer by
/// layer, threads, allocation, arguments and special inputs.
/// </summary>
public class QuantizedNetworkTests
{
    public static TheoryData<WeightFormat> Formats => new() { WeightFormat.Float32, WeightFormat.BFloat16, WeightFormat.Int8 };

    public static TheoryData<Activation> Activations() => new(Enum.GetValues<Activation>());

    /// <summary>Batch normalization (folded), layer normalization and <paramref name="activation"/> on every layer that may have it.</summary>
    private static Network Normalized(Activation activation, int seed)
    {
        var hidden = activation is Activation.Softmax or Activation.LogSoftmax ? Activation.Tanh : activation;
        var network = new Network(
            new DenseLayer(17, 12, hidden, Normalization.Batch, 0.2f) { ActivationParameter = 0.2f },
            new DenseLayer(12, 9, hidden, Normalization.Layer) { ActivationParameter = 0.2f },
            new DenseLayer(9, 5, activation) { ActivationParameter = 0.2f });
        network.Initialize(seed);
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            TestNetworks.Fill(random, layer.Biases, 0.5f);
            // γ and the variance away from 1, β and the mean away from 0 (empty spans where the layer has none).
            for (int j = 0; j < layer.NormalizationScale.Length; j++)
            {
                (layer.NormalizationScale[j], layer.NormalizationShift[j]) = ((float)(0.5 + random.NextDouble()), (float)(random.NextDouble() - 0.5));
            }

            for (int j = 0; j < layer.RunningMean.Length; j++)
            {
                (layer.RunningMean[j], layer.RunningVariance[j]) = ((float)(random.NextDouble() - 0.5), (float)(0.25 + random.NextDouble()));
            }
        }

        return network;
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Float32_format_is_the_networks_predict_bit_for_bit_with_every_activation_and_normalization(Activation activation)
    {
        var network = Normalized(activation, 10 + (int)activation);
        var quantized = network.Quantize(WeightFormat.Float32);
        foreach (int batch in new[] { 1, 4, 37 })
        {
            var inputs = TestNetworks.RandomArray(new Random(batch), batch * 17, 2f);
            var expected = new float[batch * 5];
            var actual = new float[batch * 5];
            network.Predict(inputs, batch, expected);
            quantized.Predict(inputs, batch, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{activation}, batch {batch}");
        }
    }

    /// <summary>
    /// Each int8 layer on the previous layer's own outputs (so that both quantize the same floats): its codes and scales
    /// are the documented weight quantization of the folded weights, and its outputs the reference's within the epilogue's bound.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Int8_layers_match_the_naive_reference_within_the_epilogues_rounding(int seed)
    {
        var random = new Random(seed);
        int[] sizes = [1 + random.Next(70), 1 + random.Next(40), 1 + random.Next(20), 3];
        var network = new Network(
            new DenseLayer(sizes[0], sizes[1], Activation.Relu, Normalization.Batch),
            new DenseLayer(sizes[1], sizes[2], Activation.Identity),
            new DenseLayer(sizes[2], sizes[3], Activation.Relu));
        network.Initialize(seed);
        foreach (var layer in network.Layers) TestNetworks.Fill(random, layer.Biases, 0.5f);
        var quantized = network.Quantize(WeightFormat.Int8);
        int batch = 7;
        var current = TestNetworks.RandomArray(random, batch * sizes[0], 3f);
        current[5] = 0;
        Array.Clear(current, 0, sizes[0]);
        for (int l = 0; l < 3; l++)
        {
            var layer = (Int8QuantizedLayer)quantized.LayerData[l];
            var weights = new float[sizes[l] * sizes[l + 1]];
            var bias = new float[sizes[l + 1]];
            network.Layers[l].CopyInferenceParameters(weights, bias);
            var (codes, scales) = ReferenceQuantized.QuantizeWeights(weights, sizes[l + 1], sizes[l]);
            Assert.Equal(codes, layer.Codes.ToArray());
            Assert.Equal(scales, layer.Scales.ToArray());
            var output = new float[batch * sizes[l + 1]];
            layer.Forward(current, batch, output);
            for (int r = 0; r < batch; r++)
            {
                var (z, bound) = ReferenceQuantized.Int8Affine(current.AsSpan(r * sizes[l], sizes[l]), codes, scales, bias);
                for (int j = 0; j < z.Length; j++)
                {
                    double want = layer.Activation == Activation.Relu ? Math.Max(z[j], 0) : z[j];
                    float got = output[r * z.Length + j];
                    Assert.True(Math.Abs(got - want) <= bound[j], $"seed {seed}, layer {l}, row {r}, output {j}: {got:R} vs {want:R}, bound {bound[j]:E3}");
                }
            }

            current = output;
        }
    }

    [Fact]
    public void BFloat16_layers_match_a_double_forward_pass_on_the_widened_weights()
    {
        var random = new Random(4);
        var network = new Network(new DenseLayer(45, 21, Activation.Relu, Normalization.Batch), new DenseLayer(21, 6, Activation.Identity));
        network.Initialize(4);
        foreach (var layer in network.Layers) TestNetworks.Fill(random, layer.Biases, 0.5f);
        var quantized = network.Quantize(WeightFormat.BFloat16);
        int batch = 5;
        var current = TestNetworks.RandomArray(random, batch * 45, 2f);
        for (int l = 0; l < 2; l++)
        {
            var layer = (BFloat16QuantizedLayer)quantized.LayerData[l];
            var output = new float[batch * layer.Outputs];
            layer.Forward(current, batch, output);
            for (int r = 0; r < batch; r++)
            {
                var (z, bound) = ReferenceQuantized.BFloat16Affine(current.AsSpan(r * layer.Inputs, layer.Inputs), layer.Weights, layer.Bias.ToArray());
                for (int j = 0; j < z.Length; j++)
                {
                    double want = layer.Activation == Activation.Relu ? Math.Max(z[j], 0) : z[j];
                    Assert.True(Math.Abs(output[r * z.Length + j] - want) <= bound[j], $"layer {l}, row {r}, output {j}: {output[r * z.Length + j]:R} vs {want:R}");
                }
            }

            current = output;
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Eight_threads_predict_bit_for_bit_as_one(WeightFormat format)
    {
        var quantized = Normalized(Activation.Gelu, 5).Quantize(format);
        foreach (int batch in new[] { 1, 37 })
        {
            var inputs = Enumerable.Range(0, 8).Select(t => TestNetworks.RandomArray(new Random(t), batch * 17, 2f)).ToArray();
            var serial = inputs.Select(input =>
            {
                var output = new float[batch * 5];
                quantized.Predict(input, batch, output);
                return output;
            }).ToArray();
            var parallel = new float[8][];
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            {
                var output = new float[batch * 5];
                for (int repeat = 0; repeat < 20; repeat++) quantized.Predict(inputs[t], batch, output);
                parallel[t] = output;
            });
            for (int t = 0; t < 8; t++) Assert.True(serial[t].AsSpan().SequenceEqual(parallel[t]), $"{format}, batch {batch}, thread {t}");
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Predict_allocates_nothing_after_warm_up(WeightFormat format)
    {
        var quantized = Normalized(Activation.Relu, 6).Quantize(format);
        var one = TestNetworks.RandomArray(new Random(1), 17);
        var many = TestNetworks.RandomArray(new Random(2), 37 * 17);
        var output = new float[5];
        var outputs = new float[37 * 5];
        quantized.Predict(one, output);
        quantized.Predict(many, 37, outputs);
        Assert.Equal(0, Allocations.FewestPerRun(() => quantized.Predict(one, output)));
        Assert.Equal(0, Allocations.FewestPerRun(() => quantized.Predict(many, 37, outputs)));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var network = Normalized(Activation.Relu, 7);
        Assert.ThrowsAny<ArgumentException>(() => network.Quantize((WeightFormat)3));
        Assert.ThrowsAny<ArgumentException>(() => network.Quantize((WeightFormat)(-1)));
        var quantized = network.Quantize(WeightFormat.Int8);
        Assert.Throws<ArgumentException>(() => quantized.Predict(new float[16], new float[5]));
        Assert.Throws<ArgumentException>(() => quantized.Predict(new float[17], new float[6]));
        Assert.Throws<ArgumentException>(() => quantized.Predict(new float[2 * 17], 3, new float[3 * 5]));
        Assert.Throws<ArgumentException>(() => quantized.Predict(new float[2 * 17], 2, new float[2 * 5 + 1]));
        Assert.ThrowsAny<ArgumentException>(() => quantized.Predict([], -1, []));

        foreach (var format in new[] { WeightFormat.Float32, WeightFormat.BFloat16, WeightFormat.Int8 })
        {
            var poisoned = Normalized(Activation.Relu, 8);
            poisoned.Layers[1].Weights[3] = float.NaN;
            Assert.Contains("Layer 1 weight", Assert.Throws<ArgumentException>(() => poisoned.Quantize(format)).Message, StringComparison.Ordinal);
            poisoned.Layers[1].Weights[3] = 0;
            poisoned.Layers[2].Biases[1] = float.PositiveInfinity;
            Assert.Contains("Layer 2 bias", Assert.Throws<ArgumentException>(() => poisoned.Quantize(format)).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Batch_zero_does_nothing(WeightFormat format)
    {
        var quantized = Normalized(Activation.Relu, 9).Quantize(format);
        quantized.Predict([], 0, []);
        Assert.Equal(0, Allocations.FewestPerRun(() => quantized.Predict([], 0, [])));
    }

    [Fact]
    public void Int8_rows_holding_nan_or_infinity_give_nan_outputs_and_leave_other_rows_alone()
    {
        var quantized = Normalized(Activation.Identity, 10).Quantize(WeightFormat.Int8);
        var inputs = TestNetworks.RandomArray(new Random(3), 3 * 17, 2f);
        var clean = new float[3 * 5];
        quantized.Predict(inputs, 3, clean);
        inputs[17 + 4] = float.NaN;
        inputs[2 * 17 + 9] = float.NegativeInfinity;
        var outputs = new float[3 * 5];
        quantized.Predict(inputs, 3, outputs);
        Assert.True(outputs.AsSpan(0, 5).SequenceEqual(clean.AsSpan(0, 5)));
        Assert.All(outputs[5..], value => Assert.True(float.IsNaN(value), $"{value}"));
    }
}
