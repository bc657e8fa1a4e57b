using Microsoft.ML.OnnxRuntime;
using Nn.Dense;
using Nn.Dense.Onnx;

namespace Nn.Onnx.Tests;

/// <summary>
/// The export of quantized networks: float32 as the float export, bfloat16 as a float model on the widened weights,
/// int8 in ONNX Runtime's dynamic-quantization form (uint8 weights offset by 128), which ONNX Runtime runs, fuses, and computes as its own scheme
/// (checked a row at a time) and as our Predict within the activations' quantization bound.
/// </summary>
public class QuantizedExportTests
{
    private static byte[] Export(QuantizedNetwork network)
    {
        using var stream = new MemoryStream();
        OnnxExport.Save(network, stream);
        return stream.ToArray();
    }

    /// <summary>Layers with batch and layer normalization (γ, β and running statistics away from their defaults), then <paramref name="last"/>.</summary>
    private static Network Normalized(int seed, Activation hidden, Activation last) => Randomized(seed,
        new DenseLayer(23, 19, hidden, Normalization.Batch, 0.2f) { ActivationParameter = 0.1f },
        new DenseLayer(19, 13, hidden, Normalization.Layer) { ActivationParameter = 0.1f },
        new DenseLayer(13, 6, last));

    private static Network Randomized(int seed, params DenseLayer[] layers)
    {
        var network = new Network(layers);
        network.Initialize(seed);
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            foreach (ref float bias in layer.Biases) bias = (float)(random.NextDouble() - 0.5);
            if (layer.Normalization == Normalization.None) continue;
            for (int j = 0; j < layer.Outputs; j++)
            {
                layer.NormalizationScale[j] = (float)(0.5 + random.NextDouble());
                layer.NormalizationShift[j] = (float)(random.NextDouble() - 0.5);
                if (layer.Normalization != Normalization.Batch) continue;
                layer.RunningMean[j] = (float)(random.NextDouble() - 0.5);
                layer.RunningVariance[j] = (float)(0.5 + random.NextDouble());
            }
        }

        return network;
    }

    [Fact]
    public void Float32_export_is_the_float_networks_export_byte_for_byte()
    {
        var network = Normalized(1, Activation.LeakyRelu, Activation.Softmax);
        Assert.Equal(ExportTests.Export(network), Export(network.Quantize(WeightFormat.Float32)));
        var plain = new Network(new DenseLayer(5, 4, Activation.Gelu), new DenseLayer(4, 2, Activation.Identity));
        plain.Initialize(2);
        Assert.Equal(ExportTests.Export(plain), Export(plain.Quantize(WeightFormat.Float32)));
    }

    [Fact]
    public void BFloat16_export_holds_the_widened_weights_and_onnx_runtime_agrees_with_predict()
    {
        var quantized = Normalized(3, Activation.Tanh, Activation.Identity).Quantize(WeightFormat.BFloat16);
        var bytes = Export(quantized);
        var graph = OnnxModelProto.Parse(bytes).Graph!;
        var weights = graph.Initializers.Single(t => t.Name == "1.weight").ToFloats("test");
        var bits = ((BFloat16QuantizedLayer)quantized.LayerData[1]).Weights;
        for (int i = 0; i < weights.Length; i++) Assert.Equal((uint)bits[i] << 16, BitConverter.SingleToUInt32Bits(weights[i]));

        const int batch = 7;
        var inputs = RandomData.Uniform(new Random(4), batch * quantized.InputSize, 2f);
        var ours = new float[batch * quantized.OutputSize];
        quantized.Predict(inputs, batch, ours);
        var peer = OrtRunner.Run(bytes, inputs, batch, quantized.InputSize);
        // Predict multiplies by the exact widened weights in float32, as ONNX Runtime does: both within the float bound.
        var steps = NormalizedAgreement.StepsOf(OnnxExport.FloatNetwork(quantized));
        NormalizedAgreement.Assert(steps, inputs, batch, ours, at => peer[at], "bfloat16 export");
    }

    [Fact]
    public void Int8_export_is_the_dynamic_quantization_graph_with_transposed_codes()
    {
        var quantized = Normalized(5, Activation.Relu, Activation.Softmax).Quantize(WeightFormat.Int8);
        var model = OnnxModelProto.Parse(Export(quantized));
        Assert.Equal((OnnxExport.LayerNormalizationOpsetVersion, OnnxExport.LayerNormalizationIrVersion), (model.OpsetImports.Single().Version, model.IrVersion));
        string[] product = ["DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul", "Add"];
        Assert.Equal([.. product, "Relu", .. product, "LayerNormalization", "Relu", .. product, "Softmax"], model.Graph!.Nodes.Select(n => n.OpType));
        Assert.DoesNotContain(model.Graph.Initializers, t => t.Name is "0.weight" or "1.weight" or "2.weight");

        var layer = (Int8QuantizedLayer)quantized.LayerData[1];
        var codes = model.Graph.Initializers.Single(t => t.Name == "1.weight_quantized");
        Assert.Equal(OnnxDataType.Uint8, codes.DataType);
        Assert.Equal([19L, 13L], codes.Dims);
        for (int j = 0; j < 13; j++)
        {
            for (int p = 0; p < 19; p++) Assert.Equal(layer.Codes[j * 19 + p], codes.RawData![p * 13 + j] - 128);
        }

        var zeroPoints = model.Graph.Initializers.Single(t => t.Name == "1.weight_zero_point");
        Assert.Equal(OnnxDataType.Uint8, zeroPoints.DataType);
        Assert.Equal([13L], zeroPoints.Dims);
        Assert.All(zeroPoints.RawData!, value => Assert.Equal(128, value));
        Assert.Equal(layer.Scales.ToArray(), model.Graph.Initializers.Single(t => t.Name == "1.weight_scale").ToFloats("test"));
        Assert.Equal(layer.Bias.ToArray(), model.Graph.Initializers.Single(t => t.Name == "1.bias").ToFloats("test"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Onnx_runtime_fuses_the_int8_graph_into_DynamicQuantizeMatMul(bool layerNormalization)
    {
        var network = layerNormalization
            ? Normalized(6, Activation.Relu, Activation.Identity)
            : new Network(new DenseLayer(16, 8, Activation.Relu), new DenseLayer(8, 3, Activation.Identity));
        network.Initialize(6);
        string path = Path.Combine(Path.GetTempPath(), $"simdnn-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = path })
            using (new InferenceSession(Export(network.Quantize(WeightFormat.Int8)), options))
            {
            }

            var nodes = OnnxModelProto.Parse(File.ReadAllBytes(path)).Graph!.Nodes.Select(n => n.OpType).ToArray();
            Assert.Equal(network.Layers.Count, nodes.Count(op => op == "DynamicQuantizeMatMul"));
            Assert.DoesNotContain("MatMulInteger", nodes);
            Assert.DoesNotContain("DynamicQuantizeLinear", nodes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<Activation, bool> SingleLayers()
    {
        var data = new TheoryData<Activation, bool>();
        foreach (var activation in Enum.GetValues<Activation>()) data.Add(activation, false);
        data.Add(Activation.Relu, true);
        data.Add(Activation.Identity, true);
        return data;
    }

    /// <summary>One layer, so that ONNX Runtime and the reference quantize the same row: they agree to float rounding (and ties).</summary>
    [Theory]
    [MemberData(nameof(SingleLayers))]
    public void Onnx_runtime_computes_its_own_scheme_one_row_at_a_time(Activation activation, bool layerNormalization)
    {
        var random = new Random(100 + (int)activation);
        var layer = new DenseLayer(41, 9, activation, layerNormalization ? Normalization.Layer : Normalization.None) { ActivationParameter = 0.3f };
        var network = new Network(layer);
        network.Initialize(7);
        foreach (ref float bias in layer.Biases) bias = (float)(random.NextDouble() - 0.5);
        var quantized = network.Quantize(WeightFormat.Int8);
        var reference = QuantizedOrtReference.Layer.Of(quantized)[0];
        using var session = new OrtSession(Export(quantized));
        for (int row = 0; row < 12; row++)
        {
            // Rows of one sign, of both, and all zero: the zero point at both ends and inside.
            var input = RandomData.Uniform(random, 41, 3f);
            if (row % 4 == 1) input = input.Select(Math.Abs).ToArray();
            if (row % 4 == 2) input = input.Select(v => -Math.Abs(v)).ToArray();
            if (row == 3) Array.Clear(input);
            var peer = session.Run(input);
            var (want, bound) = QuantizedOrtReference.OrtScheme(reference, input);
            for (int j = 0; j < want.Length; j++)
            {
                Assert.True(double.IsFinite(bound[j]) && Math.Abs(peer[j] - want[j]) <= bound[j],
                    $"{activation}, normalization {layerNormalization}, row {row}, output {j}: ONNX Runtime {peer[j]:R}, its scheme {want[j]:R}, bound {bound[j]:E3}");
            }
        }
    }

    /// <summary>
    /// An equalized layer (a column 300 times the others, as a folded standardization makes it): the export multiplies
    /// the input by the power-of-two factors before DynamicQuantizeLinear, so ONNX Runtime computes its own scheme on
    /// the scaled row with the codes of W/s.
    /// </summary>
    [Fact]
    public void Onnx_runtime_runs_an_equalized_layer_as_its_scheme_on_the_scaled_row()
    {
        var random = new Random(31);
        var layer = new DenseLayer(37, 8, Activation.Identity);
        var network = new Network(layer);
        network.Initialize(31);
        for (int j = 0; j < layer.Outputs; j++) layer.Weights[j * layer.Inputs] *= 300;
        var quantized = network.Quantize(WeightFormat.Int8);
        var int8 = (Int8QuantizedLayer)quantized.LayerData[0];
        Assert.True(int8.Equalized);
        var bytes = Export(quantized);
        Assert.Contains(OnnxModelProto.Parse(bytes).Graph!.Initializers, tensor => tensor.Name == "0.input_factor");
        var reference = QuantizedOrtReference.Layer.Of(quantized)[0];
        using var session = new OrtSession(bytes);
        for (int row = 0; row < 8; row++)
        {
            var input = RandomData.Uniform(random, layer.Inputs, 2f);
            input[0] = row % 3 == 0 ? 0.02f * row : 0;
            var scaled = new float[input.Length];
            for (int p = 0; p < input.Length; p++) scaled[p] = input[p] * int8.InputScales[p]; // exact: powers of two
            var peer = session.Run(input);
            var (want, bound) = QuantizedOrtReference.OrtScheme(reference, scaled);
            for (int j = 0; j < want.Length; j++)
            {
                Assert.True(Math.Abs(peer[j] - want[j]) <= bound[j], $"row {row}, output {j}: ONNX Runtime {peer[j]:R}, its scheme {want[j]:R}, bound {bound[j]:E3}");
            }
        }
    }

    /// <summary>Deeper networks: ONNX Runtime (8-bit tensors, a row at a time) and Predict (7-bit rows) each within their quantization bound of the dequantized weights' forward pass.</summary>
    [Theory]
    [InlineData(Activation.Relu, Activation.Identity, 8)]
    [InlineData(Activation.Tanh, Activation.Softmax, 9)]
    [InlineData(Activation.LeakyRelu, Activation.Sigmoid, 10)]
    [InlineData(Activation.Gelu, Activation.LogSoftmax, 11)]
    public void Onnx_runtime_agrees_with_predict_within_the_quantization_bound(Activation hidden, Activation last, int seed)
    {
        // Layer normalization first, where the inputs' own quantization is all the error it sees: the bound is a worst
        // case (every rounding aligned), which grows with each layer's Σ|W| and would pass σ deeper in.
        var quantized = Randomized(seed,
            new DenseLayer(57, 24, hidden, Normalization.Layer) { ActivationParameter = 0.1f },
            new DenseLayer(24, 16, hidden, Normalization.Batch) { ActivationParameter = 0.1f },
            new DenseLayer(16, 6, last)).Quantize(WeightFormat.Int8);
        var layers = QuantizedOrtReference.Layer.Of(quantized);
        using var session = new OrtSession(Export(quantized));
        var random = new Random(seed);
        var output = new float[quantized.OutputSize];
        for (int row = 0; row < 10; row++)
        {
            var input = RandomData.Uniform(random, quantized.InputSize, 2f);
            var peer = session.Run(input);
            quantized.Predict(input, output);
            var (exact, ours, ort) = QuantizedOrtReference.Trajectory(layers, input);
            for (int j = 0; j < exact.Length; j++)
            {
                string where = $"{hidden}/{last}, row {row}, output {j}: ours {output[j]:R}, ONNX Runtime {peer[j]:R}, unquantized {exact[j]:R}, bounds {ours[j]:E3} and {ort[j]:E3}";
                Assert.True(double.IsFinite(ours[j] + ort[j]), where);
                Assert.True(Math.Abs(output[j] - exact[j]) <= ours[j], "ours is outside its bound; " + where);
                Assert.True(Math.Abs(peer[j] - exact[j]) <= ort[j], "ONNX Runtime is outside its bound; " + where);
            }
        }
    }

    [Fact]
    public void Save_to_a_path_writes_the_same_bytes_and_arguments_are_checked()
    {
        var quantized = Normalized(12, Activation.Relu, Activation.Identity).Quantize(WeightFormat.Int8);
        string path = Path.Combine(Path.GetTempPath(), $"simdnn-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(quantized, path);
            Assert.Equal(Export(quantized), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save((QuantizedNetwork)null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => OnnxExport.Save(quantized, (Stream)null!));
        Assert.Throws<ArgumentException>(() => OnnxExport.Save(quantized, new MemoryStream([], writable: false)));
        Assert.ThrowsAny<ArgumentException>(() => OnnxExport.Save(quantized, ""));
    }

    /// <summary>One ONNX Runtime session (one thread), run on single rows.</summary>
    private sealed class OrtSession(byte[] model) : IDisposable
    {
        private readonly SessionOptions options = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        private InferenceSession? session;

        public float[] Run(float[] row)
        {
            session ??= new InferenceSession(model, options);
            using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [session.InputMetadata.Keys.Single()], [input], [session.OutputMetadata.Keys.Single()]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        public void Dispose()
        {
            session?.Dispose();
            options.Dispose();
        }
    }
}
