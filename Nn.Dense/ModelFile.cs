using System.Buffers.Binary;

namespace Nn.Dense;

/// <summary>
/// The binary model-file format written by <see cref="Network.Save(Stream)"/>. All numbers are
/// little-endian:
/// <code>
/// offset  size        field
/// 0       8           magic "SIMDNNMF"
/// 8       4  uint32   format version: 1; 2 when the file holds class labels; 3 when it records a task other than
///                     classification; 4 when a layer has normalization or dropout
/// 12      4  int32    layer count L (1..MaxLayers)
/// 16      16·L        per layer: int32 inputs, int32 outputs, int32 activation (enum value), float32 activation parameter (LeakyRelu slope, Elu alpha)
///                     version 3 and 4: int32 task (<see cref="ModelTask"/> value; versions 1 and 2 are classification)
///                     version 4 only: 8·L bytes, per layer int32 normalization (<see cref="Normalization"/> value) and
///                     float32 dropout rate in [0, 1) (0 on the last layer; versions 1 to 3 have neither)
///                     version 2 to 4: int32 label count K (0, or the last layer's outputs), then K times
///                     int32 byte count n (0..MaxLabelBytes) and n bytes of UTF-8
/// ...     4·P         per layer in order: float32 weights [outputs × inputs] row-major, then float32 biases [outputs];
///                     version 4, batch or layer normalization: then γ [outputs] and β [outputs];
///                     batch normalization: then running mean [outputs] and running (unbiased) variance [outputs], ≥ 0
/// end     4  uint32   CRC-32 (IEEE) of every byte before it
/// </code>
/// All layer shapes come before any parameter, so sizes are checked (against the limits here and
/// against the stream length) before anything large is allocated. The same limits are checked
/// when saving (<see cref="Fits"/>), so every file this library writes it can read back.
/// </summary>
public static partial class ModelFile
{
    /// <summary>The 8 magic bytes at the start of every model file: ASCII "SIMDNNMF".</summary>
    public static ReadOnlySpan<byte> Magic => "SIMDNNMF"u8;

    /// <summary>
    /// The newest format version this library reads and writes. Each file is written in the oldest
    /// version that holds it, so that older readers can load it: a classification model without class
    /// labels as version 1, with labels as version 2; a regression model as version 3; only a model with
    /// normalization or dropout needs version 4.
    /// </summary>
    public const uint FormatVersion = 4;

    /// <summary>The longest class label, in UTF-8 bytes.</summary>
    public const int MaxLabelBytes = 1024;

    /// <summary>The most layers a file may declare.</summary>
    public const int MaxLayers = 4096;

    /// <summary>The largest Inputs or Outputs a layer may declare.</summary>
    public const int MaxLayerWidth = 1 << 24;

    /// <summary>The most parameters (weights plus biases, all layers) a file may declare: 2^28 floats, 1 GiB.</summary>
    public const long MaxParameters = 1L << 28;

    private const int PrefixBytes = 16;
    private const int LayerHeaderBytes = 16;
    private const int CopyChunkBytes = 1 << 16;

    /// <summary>
    /// Whether a chain of layer sizes fits a model file: sizes = [inputs, width of each layer...],
    /// so L = sizes.Length − 1 layers; parameters = Σ_l (sizes[l−1] + 1)·sizes[l] (weights and
    /// biases). It fits when 1 ≤ L ≤ <see cref="MaxLayers"/>, every size is in 1..<see cref="MaxLayerWidth"/>
    /// and parameters ≤ <see cref="MaxParameters"/>: the limits that loading enforces and saving checks.
    /// </summary>
    /// <param name="sizes">The input size, then each layer's output size.</param>
    /// <param name="parameters">The parameter count (computed in 64 bits, so it never overflows).</param>
    public static bool Fits(ReadOnlySpan<int> sizes, out long parameters)
    {
        parameters = 0;
        bool fits = sizes.Length is >= 2 and <= MaxLayers + 1;
        for (int i = 0; i < sizes.Length; i++)
        {
            fits &= sizes[i] is >= 1 and <= MaxLayerWidth;
            if (i > 0) parameters += ((long)sizes[i - 1] + 1) * sizes[i];
        }

        return fits && parameters <= MaxParameters;
    }

    /// <summary>
    /// Writes a classification model: <paramref name="network"/> and, if given, one class label per
    /// output (version 2; without labels, version 1).
    /// </summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">stream is not writable; the network is larger than a file may
    /// hold (<see cref="Fits"/>); a normalization parameter is not finite or a running variance is negative;
    /// the labels are not one per output, or one is null or longer than <see cref="MaxLabelBytes"/>.</exception>
    public static void Save(Network network, IReadOnlyList<string>? classLabels, Stream stream) =>
        Save(network, classLabels, ModelTask.Classification, stream);

    /// <summary>
    /// Writes <paramref name="network"/>, its task and, if given, one label per output (a class label,
    /// or a target's name for regression): version 4 for a model with normalization or dropout, version 3 for
    /// any other regression model, else as <see cref="Save(Network, IReadOnlyList{string}, Stream)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Save(Network, IReadOnlyList{string}, Stream)"/>, or task is undefined.</exception>
    public static void Save(Network network, IReadOnlyList<string>? labels, ModelTask task, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        RequireFits(network);
        RequireDefined(task);
        RequireStorableNormalization(network);
        var labelSection = ModelFileLabels.Encode(labels, network.OutputSize);
        uint version = NeedsNormalizationTable(network) ? 4u : task != ModelTask.Classification ? 3u : labelSection is null ? 1u : 2u;

        var layers = network.Layers;
        int taskOffset = PrefixBytes + LayerHeaderBytes * layers.Count;
        var header = new byte[taskOffset + (version >= 3 ? sizeof(int) : 0) + (version >= 4 ? NormalizationEntryBytes * layers.Count : 0)];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            var entry = header.AsSpan(PrefixBytes + LayerHeaderBytes * i, LayerHeaderBytes);
            BinaryPrimitives.WriteInt32LittleEndian(entry, layers[i].Inputs);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], layers[i].Outputs);
            BinaryPrimitives.WriteInt32LittleEndian(entry[8..], (int)layers[i].Activation);
            BinaryPrimitives.WriteSingleLittleEndian(entry[12..], layers[i].ActivationParameter);
        }

        if (version >= 3) BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(taskOffset), (int)task);
        if (version >= 4) WriteNormalizationTable(layers, header.AsSpan(taskOffset + sizeof(int)));
        uint crc = Crc32.Update(Crc32.Initial, header);
        stream.Write(header);
        if (version >= 2)
        {
            labelSection ??= ModelFileLabels.Empty;
            crc = Crc32.Update(crc, labelSection);
            stream.Write(labelSection);
        }

        foreach (var layer in layers)
        {
            crc = WriteFloats(stream, layer.ReadOnlyWeights, crc);
            crc = WriteFloats(stream, layer.Biases, crc);
            crc = WriteNormalization(stream, layer, crc);
        }

        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Finish(crc));
        stream.Write(trailer);
        stream.Flush();
    }

    /// <summary>Writes the model file atomically (see <see cref="AtomicFile.Write"/>); nothing is written if the checks of <see cref="Save(Network, IReadOnlyList{string}, Stream)"/> fail.</summary>
    /// <exception cref="ArgumentException">path is empty, or see <see cref="Save(Network, IReadOnlyList{string}, Stream)"/>.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(Network network, IReadOnlyList<string>? classLabels, string path) =>
        Save(network, classLabels, ModelTask.Classification, path);

    /// <summary>Writes the model file with its task atomically (see <see cref="AtomicFile.Write"/>); nothing is written if the checks of <see cref="Save(Network, IReadOnlyList{string}, ModelTask, Stream)"/> fail.</summary>
    /// <exception cref="ArgumentException">path is empty, or see <see cref="Save(Network, IReadOnlyList{string}, ModelTask, Stream)"/>.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(Network network, IReadOnlyList<string>? labels, ModelTask task, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireFits(network);
        RequireDefined(task);
        RequireStorableNormalization(network);
        ModelFileLabels.Encode(labels, network.OutputSize);
        AtomicFile.Write(path, stream => Save(network, labels, task, stream));
    }

    /// <summary>Reads a model file: the network, its task (classification for versions 1 and 2) and its labels (null in a version 1 file or one saved without labels).</summary>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">The file is not a valid model file; the message says why.</exception>
    public static SavedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file);
    }

    internal static void Write(Network network, Stream stream) => Save(network, null, stream);

    internal static void Write(Network network, string path) => Save(network, null, path);

    internal static Network Read(string path) => Load(path).Network;

    internal static Network Read(Stream stream) => Load(stream).Network;

    /// <summary>Reads a model from the stream's current position: the network, its task and its labels (null if the file has none).</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="InvalidDataException">
    /// Bad magic, unknown version, impossible sizes, truncated data, wrong checksum, unknown
    /// activation, task or normalization, a dropout rate outside [0, 1), a non-finite γ, β or running mean, a negative
    /// running variance, bad labels or inconsistent layers (e.g. dropout on the last layer); the message says which.
    /// Checked before anything large is allocated.
    /// </exception>
    public static SavedModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));

        Span<byte> prefix = stackalloc byte[PrefixBytes];
        ReadExactly(stream, prefix, "the header");
        if (!prefix[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a simd-nn model file: bad magic (the first 8 bytes are not \"SIMDNNMF\").");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (version == 0 || version > FormatVersion)
        {
            throw new InvalidDataException($"Unsupported model-file format version {version}; this library reads versions 1 to {FormatVersion}.");
        }

        int layerCount = BinaryPrimitives.ReadInt32LittleEndian(prefix[12..]);
        if (layerCount < 1 || layerCount > MaxLayers)
        {
            throw new InvalidDataException($"Impossible size: the file declares {layerCount} layers (allowed 1 to {MaxLayers}).");
        }

        var header = new byte[LayerHeaderBytes * layerCount];
        ReadExactly(stream, header, "the layer table");
        uint crc = Crc32.Update(Crc32.Update(Crc32.Initial, prefix), header);

        var shapes = new (int Inputs, int Outputs, int Activation, float Slope)[layerCount];
        long parameters = 0;
        for (int i = 0; i < layerCount; i++)
        {
            var entry = header.AsSpan(LayerHeaderBytes * i, LayerHeaderBytes);
            var shape = (
                BinaryPrimitives.ReadInt32LittleEndian(entry),
                BinaryPrimitives.ReadInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[8..]),
                BinaryPrimitives.ReadSingleLittleEndian(entry[12..]));
            if (shape.Item1 < 1 || shape.Item1 > MaxLayerWidth || shape.Item2 < 1 || shape.Item2 > MaxLayerWidth)
            {
                throw new InvalidDataException(
                    $"Impossible size: layer {i} declares {shape.Item1} inputs and {shape.Item2} outputs (each must be 1 to {MaxLayerWidth}).");
            }

            if (i > 0 && shape.Item1 != shapes[i - 1].Outputs)
            {
                throw new InvalidDataException(
                    $"Impossible size: layer {i} takes {shape.Item1} inputs but layer {i - 1} gives {shapes[i - 1].Outputs} outputs.");
            }

            parameters += ((long)shape.Item1 + 1) * shape.Item2;
            if (parameters > MaxParameters)
            {
                throw new InvalidDataException($"Impossible size: the layers declare more than {MaxParameters} parameters.");
            }

            shapes[i] = shape;
        }

        int taskCode = version >= 3 ? ReadInt32(stream, "the task", ref crc) : (int)ModelTask.Classification;
        var normalizations = version >= 4 ? ReadNormalizationTable(stream, layerCount, ref crc) : null;
        byte[][]? labelBytes = version >= 2 ? ModelFileLabels.Read(stream, shapes[^1].Outputs, ref crc) : null;
        long payloadBytes = (parameters + NormalizationFloats(normalizations, shapes.Select(s => s.Outputs).ToArray())) * sizeof(float) + sizeof(uint);
        stream = BoundedSeekable(stream, payloadBytes);
        long available = stream.Length - stream.Position;
        if (available < payloadBytes)
        {
            throw new InvalidDataException(
                $"Truncated model file: the layers need {payloadBytes} more bytes of parameters and checksum but only {available} remain.");
        }

        var layers = new DenseLayer[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            // The activation is validated after the checksum (a flipped bit should be reported as
            // corruption, not as an unknown activation); until then an undefined code gets a placeholder.
            // So is a dropout rate outside [0, 1), which the layer would refuse.
            var activation = (Activation)shapes[i].Activation;
            var (normalization, dropoutRate) = normalizations?[i] ?? default;
            layers[i] = new DenseLayer(shapes[i].Inputs, shapes[i].Outputs, Enum.IsDefined(activation) ? activation : Activation.Identity,
                normalization, dropoutRate is >= 0 and < 1 ? dropoutRate : 0)
            {
                ActivationParameter = shapes[i].Slope,
            };
            crc = ReadFloats(stream, layers[i].Weights, crc);
            crc = ReadFloats(stream, layers[i].Biases, crc);
            crc = ReadNormalization(stream, layers[i], crc);
        }

        Span<byte> trailer = stackalloc byte[4];
        ReadExactly(stream, trailer, "the checksum");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint computed = Crc32.Finish(crc);
        if (stored != computed)
        {
            throw new InvalidDataException($"Checksum mismatch: the file stores CRC-32 0x{stored:X8} but its contents give 0x{computed:X8}; the file is corrupt.");
        }

        for (int i = 0; i < layerCount; i++)
        {
            var (_, _, activationCode, slope) = shapes[i];
            if (!Enum.IsDefined((Activation)activationCode))
            {
                throw new InvalidDataException($"Unknown activation code {activationCode} in layer {i}.");
            }

            if (!float.IsFinite(slope))
            {
                throw new InvalidDataException($"Layer {i} has a non-finite negative slope ({slope}).");
            }

            if (normalizations is not null && NormalizationProblem(i, normalizations[i].DropoutRate, layers[i]) is { } problem)
            {
                throw new InvalidDataException(problem);
            }
        }

        if (!Enum.IsDefined((ModelTask)taskCode)) throw new InvalidDataException($"Unknown task code {taskCode}.");
        var classLabels = ModelFileLabels.Decode(labelBytes);
        try
        {
            return new SavedModel(new Network(layers), classLabels, (ModelTask)taskCode);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"Inconsistent layers: {error.Message}", error);
        }
    }

    private static void RequireDefined(ModelTask task)
    {
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
    }

    private static void RequireFits(Network network)
    {
        var sizes = new int[network.Layers.Count + 1];
        sizes[0] = network.InputSize;
        for (int i = 0; i < network.Layers.Count; i++) sizes[i + 1] = network.Layers[i].Outputs;
        if (!Fits(sizes, out long parameters))
        {
            throw new ArgumentException(
                $"The network ({network.Layers.Count} layers, {parameters} parameters) is larger than a model file holds: at most {MaxLayers} layers " +
                $"of width {MaxLayerWidth} and {MaxParameters} parameters (ModelFile.MaxParameters); it could not be loaded back.", nameof(network));
        }
    }
}
