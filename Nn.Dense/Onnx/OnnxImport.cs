using Nn.Dense.Onnx;

namespace Nn.Dense;

/// <summary>
/// Reads an ONNX model of a feed-forward chain of fully connected layers (what
/// <c>torch.onnx.export</c> produces for an nn.Sequential of nn.Linear and activation
/// modules, and what <see cref="OnnxExport"/> writes) into a <see cref="Network"/>.
/// </summary>
/// <remarks>
/// <para>Accepted, node by node along a single chain from the one graph input to the one graph output:</para>
/// <list type="bullet">
/// <item><c>Gemm(A, B, C)</c> with alpha = beta = 1, transA = 0, transB = 0 (B is [in × out]) or 1
/// (B is [out × in]); C (optional) is [out], [1 × out] or a single value broadcast.</item>
/// <item><c>MatMul(A, W)</c> with W [in × out], optionally followed by <c>Add</c> of the bias
/// (initializer as either operand); W is transposed to the [out × in] layout.</item>
/// <item><c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>, <c>LeakyRelu</c> (alpha, default 0.01),
/// <c>Softmax</c> (axis −1 or 1, i.e. the last axis of the batch × features tensor; last layer
/// only), each directly after a linear layer.</item>
/// <item><c>Flatten</c> (axis 1) before the first linear layer; <c>Identity</c> anywhere;
/// <c>Constant</c> nodes (attribute value) as a source of weights; <c>Transpose</c> (perm [1, 0]) of a
/// constant weight, folded at load (older exports spell a bias-free nn.Linear as Transpose + MatMul);
/// the opset-6 Gemm attribute broadcast = 1.</item>
/// <item><c>BatchNormalization</c> in its inference form (one output; scale, B, input_mean, input_var constants, any
/// epsilon): directly after a linear layer it is folded into that layer's W and b; after the activation, into the next
/// layer's (W·diag(s), b + W·t); after the last activation it becomes an extra identity layer with diagonal weights.
/// The training form (several outputs, or training_mode = 1) is refused.</item>
/// <item><c>LayerNormalization</c> (opset 17; axis −1, epsilon 10⁻⁵) directly after a linear layer, and the form
/// torch.onnx writes below opset 17 (ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div, Mul γ, Add β): the layer's
/// <see cref="Normalization.Layer"/>. After the activation it is refused (the layer normalizes before it).</item>
/// <item><c>Dropout</c> anywhere, in eval form or in the train form torch.onnx writes (ratio and training_mode
/// inputs, a mask output that nothing reads): the identity, as at inference.</item>
/// <item><c>Reshape</c> to a constant [−1, features], [0, −1] or [batch, −1] (batch the graph input's fixed size):
/// a no-op on [batch, features], or a flatten of the graph input like Flatten; also with the shape torch.onnx computes
/// for x.view(x.size(0), −1) with a dynamic batch (Shape, Gather 0, Unsqueeze, Concat with [−1]), read as [0, −1].</item>
/// <item>Initializers of type FLOAT in raw_data or float_data; DOUBLE initializers, Constant values, graph input and
/// output are converted to float32 (see <see cref="OnnxImportReport"/>).</item>
/// </list>
/// <para>Two kinds of refusal, both with a message naming the node (or tensor) and why:</para>
/// <list type="bullet">
/// <item><see cref="InvalidDataException"/>: the bytes are not a well-formed ONNX protobuf
/// (corrupt, truncated, wrong wire types, lengths beyond the data), or the model contradicts
/// itself (tensor data that does not match its dims, weight shapes that do not chain, an
/// attribute of the wrong type, a missing graph or opset). Every length is checked against the
/// bytes present before allocating, so hostile input cannot cause a huge allocation.</item>
/// <item><see cref="NotSupportedException"/>: a valid model outside this subset (another
/// operator, an unsupported attribute value, a non-float type, external data, several inputs or
/// outputs, a graph that branches or is not a single chain).</item>
/// </list>
/// <para>The protobuf is read by a hand-written reader of the needed subset (see <see cref="OnnxExport"/> for why).</para>
/// </remarks>
public static class OnnxImport
{
    /// <summary>Reads an ONNX model from <paramref name="stream"/> (to its end).</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class).</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(Stream stream) => Load(stream, out _);

    /// <summary>Reads an ONNX model file.</summary>
    /// <exception cref="ArgumentNullException">path is null.</exception>
    /// <exception cref="ArgumentException">path is empty.</exception>
    /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class).</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(string path) => Load(path, out _);

    /// <summary>Reads an ONNX model from <paramref name="stream"/> (to its end) and reports what the import changed, e.g. a float64 model converted to float32.</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class), or a float64 value beyond float32's range.</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(Stream stream, out OnnxImportReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return FromBytes(copy.GetBuffer().AsSpan(0, (int)copy.Length), out report);
    }

    /// <summary>Reads an ONNX model file and reports what the import changed, e.g. a float64 model converted to float32.</summary>
    /// <exception cref="ArgumentNullException">path is null.</exception>
    /// <exception cref="ArgumentException">path is empty.</exception>
    /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class), or a float64 value beyond float32's range.</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(string path, out OnnxImportReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromBytes(File.ReadAllBytes(path), out report);
    }

    internal static Network FromBytes(ReadOnlySpan<byte> bytes) => FromBytes(bytes, out _);

    internal static Network FromBytes(ReadOnlySpan<byte> bytes, out OnnxImportReport report)
    {
        var builder = new ChainBuilder(OnnxModelProto.Parse(bytes));
        var network = builder.Build();
        report = new OnnxImportReport([.. builder.Warnings], builder.ConvertedFromDouble);
        return network;
    }
}
