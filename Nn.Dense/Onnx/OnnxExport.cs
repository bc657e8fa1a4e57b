using Nn.Dense.Onnx;

namespace Nn.Dense;

/// <summary>
/// Writes a <see cref="Network"/> as an ONNX model that ONNX Runtime (or any opset-13 runtime)
/// can run: ModelProto IR version 7, opset_import "" version 13, producer "simd-nn"; a network with
/// layer normalization needs the LayerNormalization operator, so it is written at opset 17 (IR version 8).
/// </summary>
/// <remarks>
/// <para>
/// Graph, for layer l with W [outputs × inputs] and b [outputs]:
/// <c>Gemm(A, W, b; transB = 1)</c> computes A·Wᵀ + b (A is batch × inputs), followed by the
/// layer's activation nodes (none for Identity; Relu, Sigmoid, Tanh, LeakyRelu and Elu with
/// alpha = ActivationParameter, Softmax and LogSoftmax with axis = −1, Clip(0, 6) for ReLU6, Sigmoid + Mul
/// for SiLU, and GELU in both forms as the element-wise nodes torch.onnx writes at opset 13). A layer with
/// <see cref="Normalization.Layer"/> has <c>LayerNormalization(z, γ, β; axis = −1, epsilon = 10⁻⁵)</c> between its Gemm
/// and its activation (γ and β named "l.norm.weight" and "l.norm.bias"); batch normalization leaves folded into
/// the Gemm (W' = diag(s)·W, b' = s⊙(b − mean) + β, s = γ/√(variance + ε)), as Predict runs it; dropout is left
/// out, as at inference. The input is named "input" with shape
/// [batch, InputSize] and the output "output" with shape [batch, OutputSize], where "batch"
/// is a symbolic (dynamic) dimension. Weights and biases are float initializers in raw_data,
/// named "l.weight" and "l.bias" as PyTorch names nn.Sequential parameters.
/// </para>
/// <para>
/// The protobuf is written by a small hand-written writer (<c>Nn.Dense.Onnx.ProtoWriter</c>)
/// rather than Google.Protobuf: the subset is a handful of messages, the library stays free
/// of package dependencies (trimmable, AOT-compatible, nothing for users to version-match),
/// and the reader it pairs with can bound every length by the bytes actually present.
/// </para>
/// </remarks>
public static partial class OnnxExport
{
    /// <summary>ONNX IR version written: 7 is the version that introduced opset 13.</summary>
    public const int IrVersion = 7;

    /// <summary>The default-domain opset written, unless a layer has layer normalization (<see cref="LayerNormalizationOpsetVersion"/>).</summary>
    public const int OpsetVersion = 13;

    /// <summary>The opset written when a layer has <see cref="Normalization.Layer"/>: 17 introduced the LayerNormalization operator.</summary>
    public const int LayerNormalizationOpsetVersion = 17;

    /// <summary>The IR version written with <see cref="LayerNormalizationOpsetVersion"/>: 8 is the version that introduced opset 17.</summary>
    public const int LayerNormalizationIrVersion = 8;

    /// <summary>Writes <paramref name="network"/> as an ONNX ModelProto to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public static void Save(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        stream.Write(ToBytes(network));
    }

    /// <summary>
    /// Writes <paramref name="network"/> to an ONNX file atomically through <see cref="AtomicFile"/>:
    /// a temporary file in the same folder is written, flushed, then renamed over
    /// <paramref name="path"/>, so a crash never leaves a half-written model.
    /// </summary>
    /// <exception cref="ArgumentNullException">network or path is null.</exception>
    /// <exception cref="ArgumentException">path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(network);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    internal static byte[] ToBytes(Network network) => ToModel(network).ToArray();

    internal static OnnxModelProto ToModel(Network network)
    {
        var graph = new OnnxGraphProto { Name = "simd-nn" };
        graph.Inputs.Add(OnnxValueInfoProto.Tensor("input", OnnxDataType.Float, "batch", (long)network.InputSize));
        graph.Outputs.Add(OnnxValueInfoProto.Tensor("output", OnnxDataType.Float, "batch", (long)network.OutputSize));
        string current = "input";
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            bool last = l == network.Layers.Count - 1;
            var weights = new float[layer.Outputs * layer.Inputs];
            var biases = new float[layer.Outputs];
            bool layerNormalized = layer.Normalization == Normalization.Layer;
            if (layerNormalized)
            {
                layer.CopyWeightsTo(weights);
                layer.CopyBiasesTo(biases);
            }
            else
            {
                // Batch normalization leaves as its inference map folded into the Gemm, as it runs in Predict.
                layer.CopyInferenceParameters(weights, biases);
            }

            string weightName = $"{l}.weight", biasName = $"{l}.bias";
            graph.Initializers.Add(OnnxTensorProto.FromFloats(weightName, weights, layer.Outputs, layer.Inputs));
            graph.Initializers.Add(OnnxTensorProto.FromFloats(biasName, biases, layer.Outputs));

            bool hasActivation = layer.Activation != Activation.Identity;
            string gemmOut = last && !hasActivation && !layerNormalized ? "output" : $"{l}.linear";
            var gemm = new OnnxNodeProto { Name = $"{l}.Gemm", OpType = "Gemm" };
            gemm.Inputs.AddRange([current, weightName, biasName]);
            gemm.Outputs.Add(gemmOut);
            gemm.Attributes.Add(OnnxAttributeProto.Float32("alpha", 1f));
            gemm.Attributes.Add(OnnxAttributeProto.Float32("beta", 1f));
            gemm.Attributes.Add(OnnxAttributeProto.Int64("transB", 1));
            graph.Nodes.Add(gemm);
            current = gemmOut;
            if (layerNormalized) current = AppendLayerNormalization(graph, l, layer, current, last && !hasActivation ? "output" : $"{l}.normalized");
            if (!hasActivation) continue;

            string activationOut = last ? "output" : $"{l}.activation";
            ActivationExport.Append(graph, l, layer, current, activationOut);
            current = activationOut;
        }

        bool needsOpset17 = network.Layers.Any(l => l.Normalization == Normalization.Layer);
        var model = new OnnxModelProto { IrVersion = needsOpset17 ? LayerNormalizationIrVersion : IrVersion, ProducerName = "simd-nn", Graph = graph };
        model.OpsetImports.Add(("", needsOpset17 ? LayerNormalizationOpsetVersion : OpsetVersion));
        return model;
    }

    private static string AppendLayerNormalization(OnnxGraphProto graph, int index, DenseLayer layer, string input, string output)
    {
        string scaleName = $"{index}.norm.weight", shiftName = $"{index}.norm.bias";
        graph.Initializers.Add(OnnxTensorProto.FromFloats(scaleName, layer.NormalizationScale, layer.Outputs));
        graph.Initializers.Add(OnnxTensorProto.FromFloats(shiftName, layer.NormalizationShift, layer.Outputs));
        var node = new OnnxNodeProto { Name = $"{index}.LayerNormalization", OpType = "LayerNormalization" };
        node.Inputs.AddRange([input, scaleName, shiftName]);
        node.Outputs.Add(output);
        node.Attributes.Add(OnnxAttributeProto.Int64("axis", -1));
        node.Attributes.Add(OnnxAttributeProto.Float32("epsilon", LayerNormalization.Epsilon));
        graph.Nodes.Add(node);
        return output;
    }
}
