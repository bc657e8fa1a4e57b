using Nn.Dense.Onnx;
using Numerics.Simd;

namespace Nn.Dense;

/// <summary>The export of a <see cref="QuantizedNetwork"/>.</summary>
public static partial class OnnxExport
{
    /// <summary>
    /// Writes <paramref name="network"/> as an ONNX ModelProto that ONNX Runtime's CPU provider runs, in the graph of
    /// the float export (<see cref="Save(Network, Stream)"/>: names, opset 13, or 17 with layer normalization) with
    /// each layer's weights in the form that keeps the network's weight bytes:
    /// <list type="bullet">
    /// <item>
    /// <see cref="WeightFormat.Int8"/>: ONNX Runtime's dynamic quantization, in the per-channel form that
    /// onnxruntime.quantization.quantize_dynamic writes. Each Gemm becomes DynamicQuantizeLinear(A) → (A_q uint8, a_scale,
    /// a_zero_point) (after Mul(A, "l.input_factor") for a layer with input equalization, whose codes hold W/s);
    /// MatMulInteger(A_q, "l.weight_quantized", a_zero_point, "l.weight_zero_point") → int32, our int8 codes
    /// transposed to [inputs × outputs] and stored as uint8 code + 128 with zero point 128 per output (its QUInt8 weight
    /// form: see <see cref="WeightZeroPoint"/> for why not int8); Cast to float; Mul(a_scale, "l.weight_scale" [outputs])
    /// → the per-column scale; Mul(product, scale); Add("l.bias"). ONNX Runtime fuses this into DynamicQuantizeMatMul.
    /// It multiplies the same weight codes as Predict, exactly, but quantizes each activation TENSOR to 8 bits (0 … 255)
    /// with one scale, where Predict quantizes each row to 7 bits: run one row at a time the two differ only by the
    /// activations' rounding, at most half of either step per input.
    /// </item>
    /// <item>
    /// <see cref="WeightFormat.BFloat16"/>: a float32 model whose weights are the exact float32 values of the bfloat16
    /// weights (ONNX Runtime's CPU provider has no bfloat16 MatMul): the same function as Predict, within float32
    /// rounding, at float32's weight bytes.
    /// </item>
    /// <item><see cref="WeightFormat.Float32"/>: byte for byte the export of the network it was made from.</item>
    /// </list>
    /// Batch normalization is already folded into the weights; layer normalization and the activations are written as
    /// in the float export.
    /// </summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public static void Save(QuantizedNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        stream.Write(ToModel(network).ToArray());
    }

    /// <summary>Writes <see cref="Save(QuantizedNetwork, Stream)"/>'s model to a file atomically through <see cref="AtomicFile"/>.</summary>
    /// <exception cref="ArgumentNullException">network or path is null.</exception>
    /// <exception cref="ArgumentException">path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(QuantizedNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToModel(network).ToArray();
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// The zero point of the exported weights: the int8 codes are stored as uint8 code + 128. ONNX Runtime's x64 kernels
    /// for uint8 activations times int8 weights (VPMADDUBSW) saturate each pair's sum to int16, which 8-bit activations
    /// (up to 255) times codes up to 127 exceed (2·255·127 = 64,770 &gt; 32,767): measured with ONNX Runtime 1.31.1 on
    /// this machine, a column of 41 inputs summed to 1,019 where the exact sum is 11,063. Its uint8 × uint8 kernels
    /// widen before multiplying and are exact, and (stored − 128) is the code, so the product is our integer product.
    /// </summary>
    internal const byte WeightZeroPoint = 128;

    internal static OnnxModelProto ToModel(QuantizedNetwork network)
    {
        var model = ToModel(FloatNetwork(network));
        var layers = network.LayerData;
        for (int l = 0; l < layers.Length; l++)
        {
            if (layers[l] is Int8QuantizedLayer int8) ReplaceGemm(model.Graph!, l, int8);
        }

        return model;
    }

    /// <summary>
    /// The float network the graph is written from: float32 weights as they are, bfloat16 weights widened (exactly),
    /// int8 layers with zero weights (their Gemm is replaced); biases, γ, β, activations as they are.
    /// </summary>
    internal static Network FloatNetwork(QuantizedNetwork network)
    {
        var layers = network.LayerData;
        var dense = new DenseLayer[layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var normalization = layer.HasLayerNormalization ? Normalization.Layer : Normalization.None;
            dense[l] = new DenseLayer(layer.Inputs, layer.Outputs, layer.Activation, normalization) { ActivationParameter = layer.ActivationParameter };
            if (layer is Float32QuantizedLayer float32) dense[l].CopyWeightsFrom(float32.Weights);
            if (layer is BFloat16QuantizedLayer bfloat16)
            {
                var weights = dense[l].Weights;
                for (int i = 0; i < weights.Length; i++) weights[i] = BFloat16Gemm.Widen(bfloat16.Weights[i]);
            }

            dense[l].CopyBiasesFrom(layer.Bias);
            layer.NormalizationScale.CopyTo(dense[l].NormalizationScale);
            layer.NormalizationShift.CopyTo(dense[l].NormalizationShift);
        }

        return new Network(dense);
    }

    /// <summary>
    /// Replaces layer <paramref name="index"/>'s Gemm(A, W, b) by the dynamic-quantization nodes, keeping its input,
    /// output and bias names, and its float weight initializer by the int8 codes, their scales and zero points. The
    /// node order and single consumers are what ONNX Runtime's MatMulIntegerToFloat and DynamicQuantizeMatMul fusions match.
    /// </summary>
    private static void ReplaceGemm(OnnxGraphProto graph, int index, Int8QuantizedLayer layer)
    {
        int at = graph.Nodes.FindIndex(node => node.Name == $"{index}.Gemm");
        var gemm = graph.Nodes[at];
        string input = gemm.Inputs[0], weightName = gemm.Inputs[1], biasName = gemm.Inputs[2], output = gemm.Outputs[0];
        graph.Initializers.RemoveAll(tensor => tensor.Name == weightName);

        // Offset by the zero point, so that (stored − zero point) is the code exactly.
        var transposed = new byte[layer.Codes.Length];
        for (int j = 0; j < layer.Outputs; j++)
        {
            for (int p = 0; p < layer.Inputs; p++) transposed[p * layer.Outputs + j] = (byte)(layer.Codes[j * layer.Inputs + p] + WeightZeroPoint);
        }

        var zeroPointValues = new byte[layer.Outputs];
        zeroPointValues.AsSpan().Fill(WeightZeroPoint);
        string codes = $"{index}.weight_quantized", zeroPoints = $"{index}.weight_zero_point", scales = $"{index}.weight_scale";
        graph.Initializers.Add(Uint8Tensor(codes, transposed, layer.Inputs, layer.Outputs));
        graph.Initializers.Add(Uint8Tensor(zeroPoints, zeroPointValues, layer.Outputs));
        graph.Initializers.Add(OnnxTensorProto.FromFloats(scales, layer.Scales, layer.Outputs));

        string prefix = $"{index}.input";
        var cast = Node(index, "Cast", [$"{index}.product_int32"], $"{index}.product_float");
        cast.Attributes.Add(OnnxAttributeProto.Int64("to", (long)OnnxDataType.Float));
        var nodes = new List<OnnxNodeProto>();
        if (layer.Equalized)
        {
            // Input equalization: A·diag(s) is quantized, and the codes hold W/s.
            string factors = $"{index}.input_factor";
            graph.Initializers.Add(OnnxTensorProto.FromFloats(factors, layer.InputScales, layer.Inputs));
            nodes.Add(Node(index, "Mul", [input, factors], $"{prefix}_equalized"));
            input = $"{prefix}_equalized";
        }

        var quantize = Node(index, "DynamicQuantizeLinear", [input], $"{prefix}_quantized");
        quantize.Outputs.AddRange([$"{prefix}_scale", $"{prefix}_zero_point"]);
        graph.Nodes.RemoveAt(at);
        nodes.AddRange(
        [
            quantize,
            Node(index, "MatMulInteger", [$"{prefix}_quantized", codes, $"{prefix}_zero_point", zeroPoints], $"{index}.product_int32"),
            cast,
            Node(index, "Mul", [$"{prefix}_scale", scales], $"{index}.scale"),
            Node(index, "Mul", [$"{index}.product_float", $"{index}.scale"], $"{index}.product"),
            Node(index, "Add", [$"{index}.product", biasName], output),
        ]);
        graph.Nodes.InsertRange(at, nodes);
    }

    private static OnnxNodeProto Node(int index, string opType, string[] inputs, string output)
    {
        var node = new OnnxNodeProto { Name = $"{index}.{opType}_{output[(output.IndexOf('.', StringComparison.Ordinal) + 1)..]}", OpType = opType };
        node.Inputs.AddRange(inputs);
        node.Outputs.Add(output);
        return node;
    }

    private static OnnxTensorProto Uint8Tensor(string name, byte[] values, params long[] dims)
    {
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Uint8, RawData = values };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
