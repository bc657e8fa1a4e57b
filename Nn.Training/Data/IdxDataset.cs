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

    // The first buffer for data whose size only a header vouches for (gzip, or a stream that cannot
    // seek): it then doubles as the data arrives, so a lying header costs no more than the real data.
    private const int FirstChunk = 1 << 20;

    /// <summary>Loads an images file and its labels file under <see cref="DatasetLimits.Default"/>.</summary>
    /// <exception cref="InvalidDataException">A bad magic number, impossible sizes, counts that differ, a file shorter or longer than its header says, truncated gzip, or a limit exceeded; the message names the file and byte offset (or the limit).</exception>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, bool scaleToUnit = true, string[]? classNames = null) =>
        Load(imagesPath, labelsPath, DatasetLimits.Default, scaleToUnit, classNames);

    /// <summary>Loads an images file and its labels file, checking <paramref name="limits"/> before the work each bounds.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, string, bool, string[])"/>.</exception>
    /// <exception cref="ArgumentException">A path is null or empty, or limits is null.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, DatasetLimits limits, bool scaleToUnit = true, string[]? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        ArgumentNullException.ThrowIfNull(limits);
        using var images = File.OpenRead(imagesPath);
        using var labels = File.OpenRead(labelsPath);
        return Load(images, labels, limits, imagesPath, labelsPath, scaleToUnit, classNames);
    }

    /// <summary>Loads from streams under <see cref="DatasetLimits.Default"/>; the names are used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, string, bool, string[])"/>.</exception>
    /// <exception cref="ArgumentNullException">A stream is null.</exception>
    public static Dataset Load(Stream images, Stream labels, string imagesName = "images", string labelsName = "labels",
        bool scaleToUnit = true, string[]? classNames = null) =>
        Load(images, labels, DatasetLimits.Default, imagesName, labelsName, scaleToUnit, classNames);

    /// <summary>Loads from streams (read forward once, nothing copied), checking <paramref name="limits"/>; the names are used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string, string, bool, string[])"/>.</exception>
    /// <exception cref="ArgumentNullException">A stream or limits is null.</exception>
    public static Dataset Load(Stream images, Stream labels, DatasetLimits limits, string imagesName = "images", string labelsName = "labels",
        bool scaleToUnit = true, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(limits);
        var pixels = ReadIdx(images, imagesName, ImagesMagic, 3, limits, out var imageDims);
        var labelBytes = ReadIdx(labels, labelsName, LabelsMagic, 1, limits, out var labelDims);
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

        if (maxLabel >= limits.MaxClasses)
        {
            throw DatasetLimits.Exceeded(labelsName, $"the label {maxLabel} is too large", nameof(DatasetLimits.MaxClasses), limits.MaxClasses, "classes");
        }

        int classCount = classNames?.Length ?? maxLabel + 1;
        if (maxLabel >= classCount)
        {
            throw new InvalidDataException($"{labelsName}: label {maxLabel} is outside the {classCount} class names given.");
        }

        return new Dataset(features, featureCount, labelValues, classCount, classNames);
    }

    private static byte[] ReadIdx(Stream stream, string name, int magic, int dimensions, DatasetLimits limits, out int[] sizes)
    {
        using var input = CompressedInput.Open(stream, name, limits);
        int headerLength = 4 + 4 * dimensions;
        Span<byte> header = stackalloc byte[headerLength];
        int got = CompressedInput.ReadFully(input.Content, header);
        if (got < headerLength) throw new InvalidDataException($"{name}: the file ends at byte offset {got}, inside the {headerLength}-byte IDX header.");
        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            throw new InvalidDataException($"{name}: bad IDX magic 0x{found:X8} at byte offset 0; expected 0x{magic:X8}.");
        }

        sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * d)..]);
            if (size < 0 || (d > 0 && size == 0))
            {
                throw new InvalidDataException($"{name}: dimension {d} is {size} (byte offset {4 + 4 * d}); it must be positive.");
            }

            sizes[d] = size;
        }

        long count = CheckLimits(name, sizes, headerLength, limits);
        // Check the declared size against what the file can hold before allocating it.
        long expected = headerLength + count;
        if (input.PlainLength is long available && available != expected)
        {
            throw new InvalidDataException(
                $"{name}: the header declares {expected} bytes in all but the file has {available}{(available < expected ? $": truncated at byte offset {available}" : ": extra bytes after the data")}.");
        }

        input.CheckDeclaredLength(expected);
        var data = input.PlainLength is null ? ReadGrowing(input.Content, count, out got) : new byte[count];
        if (input.PlainLength is not null) got = CompressedInput.ReadFully(input.Content, data);
        if (got < count)
        {
            throw new InvalidDataException($"{name}: the data ends at decompressed byte offset {headerLength + got}; the header declares {expected} bytes.");
        }

        Span<byte> extra = stackalloc byte[1];
        if (CompressedInput.ReadFully(input.Content, extra) != 0) throw new InvalidDataException($"{name}: extra bytes after byte offset {expected}, where the header says the data ends.");
        input.CheckEnd();
        return data;
    }

    /// <summary>Checks the header's sizes against the limits; returns the data bytes they declare.</summary>
    private static long CheckLimits(string name, int[] sizes, int headerLength, DatasetLimits limits)
    {
        string items = sizes.Length == 1 ? "labels" : "images";
        if (sizes[0] > limits.MaxRows) throw DatasetLimits.Exceeded(name, $"the header declares {sizes[0]} {items}", nameof(DatasetLimits.MaxRows), limits.MaxRows, items);
        long itemSize = 1;
        for (int d = 1; d < sizes.Length; d++) itemSize *= sizes[d];
        if (itemSize > limits.MaxColumns)
        {
            throw DatasetLimits.Exceeded(name, $"the header declares images of {string.Join(" x ", sizes[1..])} = {itemSize} pixels", nameof(DatasetLimits.MaxColumns), limits.MaxColumns, "pixels");
        }

        long count = sizes[0] * itemSize;
        if (count > limits.MaxValues) throw DatasetLimits.Exceeded(name, $"the header declares {count} values", nameof(DatasetLimits.MaxValues), limits.MaxValues, "values");
        if (headerLength + count > limits.MaxDecompressedBytes)
        {
            throw DatasetLimits.Exceeded(name, $"the header declares {headerLength + count} bytes", nameof(DatasetLimits.MaxDecompressedBytes), limits.MaxDecompressedBytes, "bytes");
        }

        if (count > Array.MaxLength) throw new InvalidDataException($"{name}: the header declares more than {Array.MaxLength} bytes of data.");
        return count;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes into a buffer that grows as they arrive; <paramref name="got"/> is how many came.</summary>
    private static byte[] ReadGrowing(Stream content, long count, out int got)
    {
        var data = new byte[Math.Min(count, FirstChunk)];
        got = 0;
        while (true)
        {
            got += CompressedInput.ReadFully(content, data.AsSpan(got));
            if (got < data.Length || data.Length == count) return data;
            Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
        }
    }
}
