using System.Buffers.Binary;
using Numerics.Simd;

namespace Nn.Dense;

/// <summary>The reading side of <see cref="QuantizedModelFile"/>: the header and its size checks, then the payload.</summary>
public static partial class QuantizedModelFile
{
    /// <summary>Reads a quantized model from the stream's current position.</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">stream is not readable.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid quantized model file; the message says why.</exception>
    internal static QuantizedNetwork Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));

        Span<byte> prefix = stackalloc byte[PrefixBytes];
        ModelFile.ReadExactly(stream, prefix, "the header");
        if (!prefix[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a simd-nn quantized model file: bad magic (the first 8 bytes are not \"SIMDNNQM\").");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported quantized model-file format version {version}; this library reads version {FormatVersion}.");
        }

        // The format decides how many bytes each weight takes, so it is checked now, not after the checksum.
        var format = (WeightFormat)BinaryPrimitives.ReadInt32LittleEndian(prefix[12..]);
        if (!Enum.IsDefined(format)) throw new InvalidDataException($"Unknown weight format code {(int)format}.");
        int taskCode = BinaryPrimitives.ReadInt32LittleEndian(prefix[16..]);
        int layerCount = BinaryPrimitives.ReadInt32LittleEndian(prefix[20..]);
        if (layerCount < 1 || layerCount > ModelFile.MaxLayers)
        {
            throw new InvalidDataException($"Impossible size: the file declares {layerCount} layers (allowed 1 to {ModelFile.MaxLayers}).");
        }

        var table = new byte[LayerEntryBytes * layerCount];
        ModelFile.ReadExactly(stream, table, "the layer table");
        uint crc = Crc32.Update(Crc32.Update(Crc32.Initial, prefix), table);
        var entries = ParseTable(table, format, out long payloadBytes);
        byte[][] labelBytes = ModelFileLabels.Read(stream, entries[^1].Outputs, ref crc);

        payloadBytes += sizeof(uint);
        stream = ModelFile.BoundedSeekable(stream, payloadBytes);
        long available = stream.Length - stream.Position;
        if (available < payloadBytes)
        {
            throw new InvalidDataException(
                $"Truncated quantized model file: the layers need {payloadBytes} more bytes of weights and checksum but only {available} remain.");
        }

        var payloads = new QuantizedModelFilePayload[layerCount];
        for (int i = 0; i < layerCount; i++) payloads[i] = QuantizedModelFilePayload.Read(stream, entries[i], format, ref crc);

        Span<byte> trailer = stackalloc byte[sizeof(uint)];
        ModelFile.ReadExactly(stream, trailer, "the checksum");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint computed = Crc32.Finish(crc);
        if (stored != computed)
        {
            throw new InvalidDataException($"Checksum mismatch: the file stores CRC-32 0x{stored:X8} but its contents give 0x{computed:X8}; the file is corrupt.");
        }

        for (int i = 0; i < layerCount; i++)
        {
            if ((entries[i].Problem(i, i == layerCount - 1) ?? payloads[i].Problem(i)) is { } problem) throw new InvalidDataException(problem);
        }

        if (!Enum.IsDefined((ModelTask)taskCode)) throw new InvalidDataException($"Unknown task code {taskCode}.");
        var classLabels = ModelFileLabels.Decode(labelBytes);
        var layers = new QuantizedLayer[layerCount];
        try
        {
            for (int i = 0; i < layerCount; i++) layers[i] = payloads[i].ToLayer(entries[i]);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"Inconsistent layers: {error.Message}", error);
        }

        return new QuantizedNetwork(layers, classLabels, (ModelTask)taskCode);
    }

    /// <summary>
    /// The layer table: every shape in range and chained, the parameter count within <see cref="ModelFile.MaxParameters"/>,
    /// int8 layers within <see cref="Int8PackedWeights.MaxInputs"/> inputs, a known normalization; and the bytes the
    /// layers' payload takes (without the checksum).
    /// </summary>
    private static QuantizedModelFileEntry[] ParseTable(ReadOnlySpan<byte> table, WeightFormat format, out long payloadBytes)
    {
        var entries = new QuantizedModelFileEntry[table.Length / LayerEntryBytes];
        long parameters = 0;
        payloadBytes = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            var bytes = table.Slice(LayerEntryBytes * i, LayerEntryBytes);
            var entry = new QuantizedModelFileEntry(
                BinaryPrimitives.ReadInt32LittleEndian(bytes),
                BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadSingleLittleEndian(bytes[12..]),
                (Normalization)BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]));
            if (entry.Inputs < 1 || entry.Inputs > ModelFile.MaxLayerWidth || entry.Outputs < 1 || entry.Outputs > ModelFile.MaxLayerWidth)
            {
                throw new InvalidDataException(
                    $"Impossible size: layer {i} declares {entry.Inputs} inputs and {entry.Outputs} outputs (each must be 1 to {ModelFile.MaxLayerWidth}).");
            }

            if (i > 0 && entry.Inputs != entries[i - 1].Outputs)
            {
                throw new InvalidDataException($"Impossible size: layer {i} takes {entry.Inputs} inputs but layer {i - 1} gives {entries[i - 1].Outputs} outputs.");
            }

            if (format == WeightFormat.Int8 && entry.Inputs > Int8PackedWeights.MaxInputs)
            {
                throw new InvalidDataException($"Impossible size: int8 layer {i} declares {entry.Inputs} inputs (at most {Int8PackedWeights.MaxInputs}).");
            }

            if (entry.Normalization is not (Normalization.None or Normalization.Layer))
            {
                throw new InvalidDataException(
                    $"Unknown normalization code {(int)entry.Normalization} in layer {i} (a quantized file has none or layer normalization; batch normalization is folded into W and b).");
            }

            parameters += ((long)entry.Inputs + 1) * entry.Outputs;
            if (parameters > ModelFile.MaxParameters)
            {
                throw new InvalidDataException($"Impossible size: the layers declare more than {ModelFile.MaxParameters} parameters.");
            }

            payloadBytes += entry.PayloadBytes(format);
            entries[i] = entry;
        }

        return entries;
    }
}
