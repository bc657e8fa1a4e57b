using System.Buffers.Binary;

namespace Nn.Training;

/// <summary>
/// Reads MNIST-style IDX files (MNIST, Fashion-MNIST), plain or gzip: an images file (magic
/// 0x00000803, big-endian count, rows, columns, then count·rows·columns unsigned bytes) and a
/// labels file (magic 0x00000801, count, then count bytes). Each image becomes one row of
/// rows·columns features, divided by 255 (so in [0, 1]) unless told otherwise.
/// </summary>
public static class IdxDataset
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>Loads an images file and its labels file.</summary>
    /// <exception cref="InvalidDataException">A bad magic number, impossible sizes, counts that differ, a file shorter or longer than its header says, or truncated gzip; the message names the file and byte offset.</exception>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, bool scaleToUnit = true, string[]? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        using var images = File.OpenRead(imagesPath);
        using var labels = File.OpenRead(labelsPath);
        return Load(images, labels, imagesPath, labelsPath, scaleToUnit, classNames);
    }

    /// <summary>Loads from streams; the names are used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, string, bool, string[])"/>.</exception>
    /// <exception cref="ArgumentNullException">A stream is null.</exception>
    public static Dataset Load(Stream images, Stream labels, string imagesName = "images", string labelsName = "labels",
        bool scaleToUnit = true, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var pixels = ReadIdx(images, imagesName, ImagesMagic, 3, out var imageDims);
        var labelBytes = ReadIdx(labels, labelsName, LabelsMagic, 1, out var labelDims);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{imagesName} holds {imageDims[0]} images but {labelsName} holds {labelDims[0]} labels.");
        }

        int featureCount = imageDims[1] * imageDims[2];
        var features = new float[pixels.Length];
        // Divide rather than multiply by 1/255, so each value is the correctly rounded p/255.
        float divisor = scaleToUnit ? 255f : 1f;
        for (int i = 0; i < pixels.Length; i++) features[i] = pixels[i] / divisor;
        var labelValues = new int[labelBytes.Length];
        int maxLabel = 0;
        for (int i = 0; i < labelBytes.Length; i++)
        {
            labelValues[i] = labelBytes[i];
            maxLabel = Math.Max(maxLabel, labelBytes[i]);
        }

        int classCount = classNames?.Length ?? maxLabel + 1;
        if (maxLabel >= classCount)
        {
            throw new InvalidDataException($"{labelsName}: label {maxLabel} is outside the {classCount} class names given.");
        }

        return new Dataset(features, featureCount, labelValues, classCount, classNames);
    }

    private static byte[] ReadIdx(Stream stream, string name, int magic, int dimensions, out int[] sizes)
    {
        using var input = CompressedInput.Open(stream, name);
        int headerLength = 4 + 4 * dimensions;
        Span<byte> header = stackalloc byte[headerLength];
        int got = input.Read(header, name, 0);
        if (got < headerLength) throw new InvalidDataException($"{name}: the file ends at byte offset {got}, inside the {headerLength}-byte IDX header.");
        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            throw new InvalidDataException($"{name}: bad IDX magic 0x{found:X8} at byte offset 0; expected 0x{magic:X8}.");
        }

        sizes = new int[dimensions];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * d)..]);
            if (size < 0 || (d > 0 && size == 0))
            {
                throw new InvalidDataException($"{name}: dimension {d} is {size} (byte offset {4 + 4 * d}); it must be positive.");
            }

            sizes[d] = size;
            count *= size;
            if (count > Array.MaxLength) throw new InvalidDataException($"{name}: the header declares more than {Array.MaxLength} bytes of data.");
        }

        // Check the declared size against what the file can hold before allocating it.
        long expected = headerLength + count;
        if (!input.IsGzip)
        {
            long available = stream.Length - stream.Position + headerLength;
            if (available != expected)
            {
                throw new InvalidDataException(
                    $"{name}: the header declares {expected} bytes in all but the file has {available}{(available < expected ? $": truncated at byte offset {available}" : ": extra bytes after the data")}.");
            }
        }
        else
        {
            input.CheckLength(expected, name);
        }

        var data = new byte[count];
        got = input.Read(data, name, headerLength);
        if (got < count)
        {
            throw new InvalidDataException($"{name}: the data ends at decompressed byte offset {headerLength + got}; the header declares {expected} bytes.");
        }

        Span<byte> extra = stackalloc byte[1];
        if (input.Read(extra, name, expected) != 0) throw new InvalidDataException($"{name}: extra bytes after byte offset {expected}, where the header says the data ends.");
        return data;
    }
}
