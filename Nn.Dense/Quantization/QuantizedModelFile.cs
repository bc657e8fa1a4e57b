using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nn.Dense;

/// <summary>
/// The binary file format written by <see cref="QuantizedNetwork.Save(Stream)"/>. Numbers are little-endian; in order:
/// <list type="number">
/// <item>the magic, 8 bytes of ASCII "SIMDNNQM";</item>
/// <item>uint32 format version, 1;</item>
/// <item>int32 weight format (a <see cref="WeightFormat"/> value, one for every layer), then int32 task (a <see cref="ModelTask"/> value);</item>
/// <item>int32 layer count L, 1 to <see cref="ModelFile.MaxLayers"/>;</item>
/// <item>
/// L entries of 20 bytes: int32 inputs, int32 outputs, int32 activation (enum value), float32 activation parameter
/// (LeakyRelu's slope, Elu's alpha), int32 normalization (None or Layer: batch normalization is folded into W and b);
/// </item>
/// <item>
/// the class labels as in <see cref="ModelFile"/>: int32 count K (0, or the last layer's outputs), then K times an int32
/// byte count n (0 to <see cref="ModelFile.MaxLabelBytes"/>) and n bytes of UTF-8;
/// </item>
/// <item>
/// per layer, W being outputs × inputs row-major: for Int8 the codes of W[j, p]/s_p as int8, each in [−127, 127], then
/// a float32 scale per output, at least 0, then the float32 input factors s_p [inputs], finite and above 0 (all 1
/// without input equalization: W[j, p] ≈ s_p·scale_j·code[j, p]); for BFloat16 W as uint16 bfloat16 bits, each finite; for Float32 W as float32; then
/// float32 biases [outputs]; with layer normalization, then γ [outputs] and β [outputs];
/// </item>
/// <item>uint32 CRC-32 (IEEE) of every byte before it.</item>
/// </list>
/// The weight format, the shapes and the normalization (which decide how many bytes follow) are checked as soon
/// as they are read, against <see cref="ModelFile"/>'s limits (widths, layers, parameters; an int8 layer at most
/// <see cref="Numerics.Simd.Int8PackedWeights.MaxInputs"/> inputs) and against the stream length, before anything
/// large is allocated; every value (activation, task, codes, scales, weights, biases, γ, β) after the checksum, so
/// that a damaged file is reported as damaged. Save checks the same, so every file it writes loads back.
/// </summary>
public static partial class QuantizedModelFile
{
    /// <summary>The 8 magic bytes at the start of every quantized model file: ASCII "SIMDNNQM".</summary>
    public static ReadOnlySpan<byte> Magic => "SIMDNNQM"u8;

    /// <summary>The format version this library reads and writes.</summary>
    public const uint FormatVersion = 1;

    /// <summary>Writes <paramref name="network"/> to <paramref name="stream"/> in the layout above.</summary>
    /// <exception cref="ArgumentNullException">network or stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable; the network is larger than a file may hold; a label is too long.</exception>
    internal static void Write(QuantizedNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        var labelSection = Check(network) ?? ModelFileLabels.Empty;
        // BinaryWriter writes little-endian on every machine, as the format asks.
        using var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)network.Format);
            writer.Write((int)network.Task);
            writer.Write(network.LayerData.Length);
            foreach (var layer in network.LayerData)
            {
                writer.Write(layer.Inputs);
                writer.Write(layer.Outputs);
                writer.Write((int)layer.Activation);
                writer.Write(layer.ActivationParameter);
                writer.Write((int)(layer.HasLayerNormalization ? Normalization.Layer : Normalization.None));
            }
        }

        uint crc = WriteBytes(stream, header.GetBuffer().AsSpan(0, (int)header.Length), Crc32.Initial);
        crc = WriteBytes(stream, labelSection, crc);
        foreach (var layer in network.LayerData)
        {
            crc = WriteWeights(stream, layer, crc);
            crc = ModelFile.WriteFloats(stream, layer.Bias, crc);
            crc = ModelFile.WriteFloats(stream, layer.NormalizationScale, crc);
            crc = ModelFile.WriteFloats(stream, layer.NormalizationShift, crc);
        }

        Span<byte> trailer = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Finish(crc));
        stream.Write(trailer);
        stream.Flush();
    }

    /// <summary>
    /// Save's checks, made before anything is written: the network fits <see cref="ModelFile"/>'s limits (so the
    /// file loads back) and its labels can be stored. Returns the label section, or null when there are no labels.
    /// </summary>
    /// <exception cref="ArgumentException">The network is too large, or a label is longer than <see cref="ModelFile.MaxLabelBytes"/> or not valid text.</exception>
    internal static byte[]? Check(QuantizedNetwork network)
    {
        var sizes = new int[network.Layers.Count + 1];
        sizes[0] = network.InputSize;
        for (int i = 0; i < network.Layers.Count; i++) sizes[i + 1] = network.Layers[i].Outputs;
        if (!ModelFile.Fits(sizes, out long parameters))
        {
            throw new ArgumentException(
                $"The network ({network.Layers.Count} layers, {parameters} parameters) is larger than a quantized model file holds: at most " +
                $"{ModelFile.MaxLayers} layers of width {ModelFile.MaxLayerWidth} and {ModelFile.MaxParameters} parameters; it could not be loaded back.", nameof(network));
        }

        return ModelFileLabels.Encode(network.ClassLabels, network.OutputSize);
    }

    /// <summary>The layer's W in its format: int8 codes, their scales and the input factors; bfloat16 bits; or float32 values.</summary>
    private static uint WriteWeights(Stream stream, QuantizedLayer layer, uint crc) => layer switch
    {
        Int8QuantizedLayer int8 => ModelFile.WriteFloats(stream, int8.InputScales,
            ModelFile.WriteFloats(stream, int8.Scales, WriteBytes(stream, MemoryMarshal.AsBytes(int8.Codes), crc))),
        BFloat16QuantizedLayer bfloat16 => WriteBits(stream, bfloat16.Weights, crc),
        Float32QuantizedLayer float32 => ModelFile.WriteFloats(stream, float32.Weights, crc),
        _ => throw new UnreachableException($"No file layout for {layer.GetType().Name}."),
    };

    /// <summary>bfloat16 bits little-endian: on a big-endian machine a swapped copy (Save is not a per-call path).</summary>
    private static uint WriteBits(Stream stream, ReadOnlySpan<ushort> bits, uint crc)
    {
        if (BitConverter.IsLittleEndian) return WriteBytes(stream, MemoryMarshal.AsBytes(bits), crc);
        var swapped = new ushort[bits.Length];
        BinaryPrimitives.ReverseEndianness(bits, swapped);
        return WriteBytes(stream, MemoryMarshal.AsBytes(swapped.AsSpan()), crc);
    }

    private static uint WriteBytes(Stream stream, ReadOnlySpan<byte> bytes, uint crc)
    {
        stream.Write(bytes);
        return Crc32.Update(crc, bytes);
    }

    /// <summary>The bytes before the layer table: magic, version, weight format, task, layer count.</summary>
    private const int PrefixBytes = 24;

    /// <summary>The bytes of one layer's entry in the table.</summary>
    private const int LayerEntryBytes = 20;
}
