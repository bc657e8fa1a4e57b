using System.Buffers.Binary;
using System.Globalization;

namespace Nn.Dense;

/// <summary>
/// The version 4 parts of <see cref="ModelFile"/>: the normalization table (per layer int32
/// <see cref="Normalization"/> and float32 dropout rate, after the task) and, after each layer's weights
/// and biases, γ and β (batch and layer normalization) and the running mean and variance (batch
/// normalization), each [outputs]: everything Predict and further training read, so a loaded network
/// behaves bit for bit as the saved one.
/// </summary>
public static partial class ModelFile
{
    private const int NormalizationEntryBytes = 8;

    /// <summary>Whether the network needs version 4: a layer with normalization or dropout.</summary>
    private static bool NeedsNormalizationTable(Network network) =>
        network.Layers.Any(layer => layer.Normalization != Normalization.None || layer.DropoutRate > 0);

    /// <summary>The floats per output a layer stores after its biases: γ, β, and for batch normalization the running mean and variance.</summary>
    private static int NormalizationFloatsPerOutput(Normalization normalization) => normalization switch
    {
        Normalization.Batch => 4,
        Normalization.Layer => 2,
        _ => 0,
    };

    private static void WriteNormalizationTable(IReadOnlyList<DenseLayer> layers, Span<byte> table)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var entry = table.Slice(NormalizationEntryBytes * i, NormalizationEntryBytes);
            BinaryPrimitives.WriteInt32LittleEndian(entry, (int)layers[i].Normalization);
            BinaryPrimitives.WriteSingleLittleEndian(entry[4..], layers[i].DropoutRate);
        }
    }

    /// <summary>
    /// Reads the table, adding its bytes to <paramref name="crc"/>. An unknown normalization is refused at
    /// once, as an impossible size is: it decides how many floats follow, so the checksum cannot be found
    /// without it. The dropout rate only sets a value; it is checked after the checksum (<see cref="NormalizationProblem"/>).
    /// </summary>
    private static (Normalization Kind, float DropoutRate)[] ReadNormalizationTable(Stream stream, int layerCount, ref uint crc)
    {
        var table = new byte[NormalizationEntryBytes * layerCount];
        ReadExactly(stream, table, "the normalization table");
        crc = Crc32.Update(crc, table);
        var entries = new (Normalization, float)[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            var entry = table.AsSpan(NormalizationEntryBytes * i, NormalizationEntryBytes);
            int code = BinaryPrimitives.ReadInt32LittleEndian(entry);
            if (!Enum.IsDefined((Normalization)code)) throw new InvalidDataException($"Unknown normalization code {code} in layer {i}.");
            entries[i] = ((Normalization)code, BinaryPrimitives.ReadSingleLittleEndian(entry[4..]));
        }

        return entries;
    }

    /// <summary>The floats the table adds to the parameters: Σ over layers of (floats per output)·outputs.</summary>
    private static long NormalizationFloats((Normalization Kind, float DropoutRate)[]? table, ReadOnlySpan<int> outputs)
    {
        long floats = 0;
        for (int i = 0; table is not null && i < table.Length; i++) floats += (long)NormalizationFloatsPerOutput(table[i].Kind) * outputs[i];
        return floats;
    }

    private static uint WriteNormalization(Stream stream, DenseLayer layer, uint crc)
    {
        crc = WriteFloats(stream, layer.NormalizationScale, crc);
        crc = WriteFloats(stream, layer.NormalizationShift, crc);
        crc = WriteFloats(stream, layer.RunningMean, crc);
        return WriteFloats(stream, layer.RunningVariance, crc);
    }

    private static uint ReadNormalization(Stream stream, DenseLayer layer, uint crc)
    {
        crc = ReadFloats(stream, layer.NormalizationScale, crc);
        crc = ReadFloats(stream, layer.NormalizationShift, crc);
        crc = ReadFloats(stream, layer.RunningMean, crc);
        return ReadFloats(stream, layer.RunningVariance, crc);
    }

    /// <summary>
    /// What a reader would refuse in a layer's normalization and dropout, or null: a dropout rate outside
    /// [0, 1), a non-finite γ, β or running mean, a running variance that is negative or not finite.
    /// Save checks the same (so every file written loads back), Load after the checksum.
    /// </summary>
    private static string? NormalizationProblem(int index, float dropoutRate, DenseLayer layer)
    {
        if (!(dropoutRate >= 0 && dropoutRate < 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has dropout rate {dropoutRate}; it must be in [0, 1).");
        }

        return NonFinite(index, "normalization scale γ", layer.NormalizationScale)
            ?? NonFinite(index, "normalization shift β", layer.NormalizationShift)
            ?? NonFinite(index, "running mean", layer.RunningMean)
            ?? NonFinite(index, "running variance", layer.RunningVariance)
            ?? NegativeVariance(index, layer.RunningVariance);
    }

    private static string? NonFinite(int index, string what, ReadOnlySpan<float> values)
    {
        for (int j = 0; j < values.Length; j++)
        {
            if (!float.IsFinite(values[j])) return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has a non-finite {what} at output {j} ({values[j]}).");
        }

        return null;
    }

    private static string? NegativeVariance(int index, ReadOnlySpan<float> variance)
    {
        for (int j = 0; j < variance.Length; j++)
        {
            if (variance[j] < 0) return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has a negative running variance at output {j} ({variance[j]}).");
        }

        return null;
    }

    /// <summary>Save's side of <see cref="NormalizationProblem"/>.</summary>
    private static void RequireStorableNormalization(Network network)
    {
        for (int i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            if (NormalizationProblem(i, layer.DropoutRate, layer) is { } problem)
            {
                throw new ArgumentException($"{problem} A model file with it could not be loaded back.", nameof(network));
            }
        }
    }
}
