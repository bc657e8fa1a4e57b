using System.Buffers.Binary;
using System.IO.Compression;

namespace SimdNn.Cli.Data;

/// <summary>
/// Reads IDX files (MNIST's format: big-endian magic 0x0000 08 NN, NN dimensions, then unsigned
/// bytes), plain or gzip-compressed. Pixels are returned as bytes 0-255 in floats.
/// </summary>
internal static class IdxFiles
{
    public static LabeledData ReadPair(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames)
    {
        var (imageDims, pixels) = Read(imagesPath);
        var (labelDims, labelBytes) = Read(labelsPath);
        if (imageDims.Length < 2) throw CliException.DataError($"{imagesPath}: expected an image file (3 dimensions), found {imageDims.Length}");
        if (labelDims.Length != 1) throw CliException.DataError($"{labelsPath}: expected a label file (1 dimension), found {labelDims.Length}");
        int samples = imageDims[0];
        if (labelDims[0] != samples) throw CliException.DataError($"{labelsPath} has {labelDims[0]} labels but {imagesPath} has {samples} images");
        int featureCount = pixels.Length / Math.Max(samples, 1);
        var features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) features[i] = pixels[i];
        var labels = new int[samples];
        int classCount = classNames.Count;
        for (int i = 0; i < samples; i++)
        {
            labels[i] = labelBytes[i];
            classCount = Math.Max(classCount, labels[i] + 1);
        }

        var names = classCount == classNames.Count ? classNames : Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LabeledData(name, features, samples, featureCount, labels, classCount, names);
    }

    private static (int[] Dimensions, byte[] Data) Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            Span<byte> head = stackalloc byte[4];
            stream.ReadExactly(head);
            if (head[0] != 0 || head[1] != 0 || head[2] != 0x08) throw CliException.DataError($"{path}: not an IDX file of unsigned bytes (bad magic)");
            int rank = head[3];
            if (rank is < 1 or > 4) throw CliException.DataError($"{path}: IDX rank {rank} is not supported");
            var dims = new int[rank];
            long total = 1;
            for (int d = 0; d < rank; d++)
            {
                stream.ReadExactly(head);
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(head);
                if (dims[d] < 0) throw CliException.DataError($"{path}: negative dimension {dims[d]}");
                total *= dims[d];
                if (total > Array.MaxLength) throw CliException.DataError($"{path}: {total} elements do not fit in memory");
            }

            var data = new byte[total];
            stream.ReadExactly(data);
            return (dims, data);
        }
        catch (EndOfStreamException e)
        {
            throw CliException.DataError($"{path}: the file is truncated", e);
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError($"{path}: {e.Message}", e);
        }
    }
}
