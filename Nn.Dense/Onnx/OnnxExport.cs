using Nn.Dense.Onnx;

namespace Nn.Dense;

/// <summary>
/// Writes a <see cref="Network"/> as an ONNX model that ONNX Runtime (or any opset-13 runtime)
/// can run: ModelProto IR version 7, opset_import "" version 13, producer "simd-nn".
/// </summary>
/// <remarks>
/// <para>
/// Graph, for layer l with W [outputs × inputs] and b [outputs]:
/// <c>Gemm(A, W, b; transB = 1)</c> computes A·Wᵀ + b (A is batch × inputs), followed by the
/// layer's activation nodes (none for Identity; Relu, Sigmoid, Tanh, LeakyRelu and Elu with
/// alpha = ActivationParameter, Softmax and LogSoftmax with axis = −1, Clip(0, 6) for ReLU6, Sigmoid + Mul
/// for SiLU, and GELU in both forms as the element-wise nodes torch.onnx writes at opset 13). The input is named "input" with shape
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
public static class OnnxExport
{
    /// <summary>ONNX IR version written: 7 is the version that introduced opset 13.</summary>
    public const int IrVersion = 7;

    /// <summary>The default-domain opset written.</summary>
    public const int OpsetVersion = 13;

    /// <summary>Writes <paramref name="network"/> as an ONNX ModelProto to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    /// <exception cref="NotSupportedException">A layer has layer normalization (batch normalization is folded into its Gemm; dropout is left out, as at inference).</exception>
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
            // Batch normalization leaves as its inference map folded into the Gemm, as it runs in Predict.
            layer.CopyInferenceParameters(weights, biases);
            string weightName = $"{l}.weight", biasName = $"{l}.bias";
            graph.Initializers.Add(OnnxTensorProto.FromFloats(weightName, weights, layer.Outputs, layer.Inputs));
            graph.Initializers.Add(OnnxTensorProto.FromFloats(biasName, biases, layer.Outputs));

            bool hasActivation = layer.Activation != Activation.Identity;
            string gemmOut = last && !hasActivation ? "output" : $"{l}.linear";
            var gemm = new OnnxNodeProto { Name = $"{l}.Gemm", OpType = "Gemm" };
            gemm.Inputs.AddRange([current, weightName, biasName]);
            gemm.Outputs.Add(gemmOut);
            gemm.Attributes.Add(OnnxAttributeProto.Float32("alpha", 1f));
            gemm.Attributes.Add(OnnxAttributeProto.Float32("beta", 1f));
            gemm.Attributes.Add(OnnxAttributeProto.Int64("transB", 1));
            graph.Nodes.Add(gemm);
            current = gemmOut;
            if (!hasActivation) continue;

            string activationOut = last ? "output" : $"{l}.activation";
            ActivationExport.Append(graph, l, layer, current, activationOut);
            current = activationOut;
        }

        var model = new OnnxModelProto { IrVersion = IrVersion, ProducerName = "simd-nn", Graph = graph };
        model.OpsetImports.Add(("", OpsetVersion));
        return model;
    }
}
