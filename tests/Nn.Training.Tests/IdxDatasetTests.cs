using System.Buffers.Binary;

namespace Nn.Training.Tests;

public class IdxDatasetTests
{
    internal static byte[] Images(int count, int rows, int cols, int magic = 0x803, int? extra = null)
    {
        var bytes = new byte[16 + count * rows * cols + (extra ?? 0)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    internal static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Raw_and_gzip_files_load_with_pixels_scaled_to_the_unit_interval()
    {
        using var files = new TempFiles();
        var images = Images(3, 2, 2);
        var labels = Labels(4, 0, 9);
        var raw = IdxDataset.Load(files.Write("i", images), files.Write("l", labels));
        var gz = IdxDataset.Load(files.Write("i.gz", TempFiles.Gzip(images)), files.Write("l.gz", TempFiles.Gzip(labels)));
        var unscaled = IdxDataset.Load(files.Write("i2", images), files.Write("l2", labels), scaleToUnit: false);
        foreach (var data in new[] { raw, gz })
        {
            Assert.Equal((3, 4, 10), (data.Samples, data.FeatureCount, data.ClassCount));
            Assert.Equal([4, 0, 9], data.Labels);
            for (int i = 0; i < 12; i++) Assert.Equal(images[16 + i] / 255f, data.Features[i]);
        }

        Assert.Equal(images[16..].Select(b => (float)b), unscaled.Features);
    }

    public static TheoryData<string, byte[], byte[], string> Malformed() => new()
    {
        { "bad image magic", Images(2, 2, 2, magic: 0x801), Labels(1, 2), "magic" },
        { "truncated images", Images(2, 2, 2)[..20], Labels(1, 2), "truncated" },
        { "extra image bytes", Images(2, 2, 2, extra: 3), Labels(1, 2), "extra" },
        { "count mismatch", Images(2, 2, 2), Labels(1, 2, 3), "3 labels" },
        { "short header", Images(2, 2, 2)[..10], Labels(1, 2), "header" },
        { "zero rows", Images(2, 0, 2), Labels(1, 2), "dimension 1" },
        { "huge sizes", Images(0, 1, 1)[..16].Select((b, i) => i is >= 4 and < 16 ? (byte)0x7F : b).ToArray(), Labels(1, 2), "DatasetLimits.MaxRows" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_files_are_rejected_with_the_file_named(string what, byte[] images, byte[] labels, string expected)
    {
        using var files = new TempFiles();
        foreach (bool gzip in new[] { false, true })
        {
            string imagesPath = files.Write($"images{gzip}", gzip ? TempFiles.Gzip(images) : images);
            string labelsPath = files.Write($"labels{gzip}", gzip ? TempFiles.Gzip(labels) : labels);
            var error = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(imagesPath, labelsPath));
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal) || (gzip && error.Message.Contains("gzip", StringComparison.Ordinal)),
                $"{what} (gzip {gzip}): {error.Message}");
            Assert.Contains(what == "count mismatch" ? imagesPath : imagesPath, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncated_gzip_is_rejected()
    {
        using var files = new TempFiles();
        var gzip = TempFiles.Gzip(Images(50, 8, 8));
        string labels = files.Write("l", Labels(new byte[50]));
        foreach (int cut in new[] { gzip.Length - 1, gzip.Length - 8, gzip.Length / 2, 19 })
        {
            string path = files.Write($"cut{cut}", gzip[..cut]);
            var error = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(path, labels));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
    }
}
