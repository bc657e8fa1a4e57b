using System.Buffers.Binary;
using System.Text;

namespace Nn.Dense;

/// <summary>
/// The class-label section of a version 2 model file (between the layer table and the
/// parameters): int32 count K (0 or the last layer's outputs), then K times int32 byte count n
/// (0..<see cref="ModelFile.MaxLabelBytes"/>) and n bytes of UTF-8.
/// </summary>
internal static class ModelFileLabels
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The section of a file without labels (a version 3 file always has the section): count 0.</summary>
    public static byte[] Empty => new byte[sizeof(int)];

    /// <summary>The section's bytes, or null when there are no labels (the file is then written as version 1).</summary>
    /// <exception cref="ArgumentException">Not one label per output, a null label, a label that is not valid text or is longer than MaxLabelBytes.</exception>
    public static byte[]? Encode(IReadOnlyList<string>? classLabels, int outputs)
    {
        if (classLabels is null) return null;
        if (classLabels.Count != outputs)
        {
            throw new ArgumentException($"{classLabels.Count} class labels for {outputs} outputs; give one label per output.", nameof(classLabels));
        }

        using var section = new MemoryStream();
        Span<byte> word = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(word, classLabels.Count);
        section.Write(word);
        for (int i = 0; i < classLabels.Count; i++)
        {
            byte[] bytes;
            try
            {
                bytes = Strict.GetBytes(classLabels[i] ?? throw new ArgumentException($"Class label {i} is null.", nameof(classLabels)));
            }
            catch (EncoderFallbackException error)
            {
                throw new ArgumentException($"Class label {i} is not valid Unicode text.", nameof(classLabels), error);
            }

            if (bytes.Length > ModelFile.MaxLabelBytes)
            {
                throw new ArgumentException($"Class label {i} has {bytes.Length} UTF-8 bytes; at most {ModelFile.MaxLabelBytes} are allowed.", nameof(classLabels));
            }

            BinaryPrimitives.WriteInt32LittleEndian(word, bytes.Length);
            section.Write(word);
            section.Write(bytes);
        }

        return section.ToArray();
    }

    /// <summary>
    /// Reads the section, adding its bytes to <paramref name="crc"/>. Each label is read only once
    /// its bytes are present, so memory grows with the file, never with the counts it declares.
    /// The text is decoded after the checksum has been verified (<see cref="Decode"/>).
    /// </summary>
    public static byte[][] Read(Stream stream, int outputs, ref uint crc)
    {
        int count = ModelFile.ReadInt32(stream, "the class labels", ref crc);
        if (count != 0 && count != outputs)
        {
            throw new InvalidDataException($"Impossible size: the file declares {count} class labels for {outputs} outputs (allowed 0 or {outputs}).");
        }

        var labels = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            int length = ModelFile.ReadInt32(stream, "the class labels", ref crc);
            if (length < 0 || length > ModelFile.MaxLabelBytes)
            {
                throw new InvalidDataException($"Impossible size: class label {i} declares {length} bytes (allowed 0 to {ModelFile.MaxLabelBytes}).");
            }

            var bytes = length == 0 ? [] : new byte[length];
            ModelFile.ReadExactly(stream, bytes, "the class labels");
            crc = Crc32.Update(crc, bytes);
            labels.Add(bytes);
        }

        return [.. labels];
    }

    /// <summary>The labels as text; null when the file has none.</summary>
    public static string[]? Decode(byte[][]? labels)
    {
        if (labels is null || labels.Length == 0) return null;
        var text = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            try
            {
                text[i] = Strict.GetString(labels[i]);
            }
            catch (DecoderFallbackException error)
            {
                throw new InvalidDataException($"Class label {i} is not valid UTF-8.", error);
            }
        }

        return text;
    }
}
