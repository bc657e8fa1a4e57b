using System.Buffers.Binary;
using System.Text;

namespace Nn.Training.Tests;

/// <summary>
/// Every limit of <see cref="DatasetLimits"/>: an input past it fails with an InvalidDataException that
/// names the limit, before the work it bounds (the memory bounds are measured), and an input at it loads.
/// </summary>
public class DatasetLimitsTests
{
    private const long Megabyte = 1 << 20;

    private static InvalidDataException LoadFails(string text, DatasetLimits? limits = null) =>
        Assert.Throws<InvalidDataException>(() => CsvDataset.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv", limits ?? DatasetLimits.Default));

    private static void AssertNamesLimit(InvalidDataException error, string limit)
    {
        Assert.Contains($"DatasetLimits.{limit}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"a larger {limit}", error.Message, StringComparison.Ordinal);
        // The same facts for callers that word the remedy themselves: the name, the value, the problem and the unit.
        Assert.Equal(limit, error.Data[DatasetLimits.LimitNameKey]);
        long value = Assert.IsType<long>(error.Data[DatasetLimits.LimitValueKey]);
        Assert.Contains(value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " " + (string)error.Data[DatasetLimits.UnitKey]!, error.Message, StringComparison.Ordinal);
        Assert.StartsWith((string)error.Data[DatasetLimits.ProblemKey]! + " (the limit", error.Message, StringComparison.Ordinal);
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_64_MB_input_without_a_line_break_fails_at_the_line_limit_in_bounded_memory(bool seekable)
    {
        // Reading such a line whole (what a 2 GB file without newlines did) needs 2 bytes per character.
        InvalidDataException? error = null;
        long allocated = AllocatedBy(() => error = Assert.Throws<InvalidDataException>(
            () => CsvDataset.Load(new SyntheticStream((byte)'7', 64 * Megabyte, seekable), "zeros.csv")));
        AssertNamesLimit(error!, nameof(DatasetLimits.MaxLineLength));
        Assert.Contains("zeros.csv: line 1", error!.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 * Megabyte, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_line_at_the_length_limit_loads_and_one_past_it_fails(string newline)
    {
        var limits = new DatasetLimits { MaxLineLength = 9 };
        var data = CsvDataset.Load(new MemoryStream(Encoding.UTF8.GetBytes($"1.5,2.5,0{newline}3.5,4.5,1{newline}")), "t.csv", limits);
        Assert.Equal([1.5f, 2.5f, 3.5f, 4.5f], data.Features);
        var error = LoadFails($"1.5,2.5,0{newline}3.25,4.5,1{newline}", limits);
        AssertNamesLimit(error, nameof(DatasetLimits.MaxLineLength));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,0\n\n \r\n\r\r\n\t\n1,x,0\n", "line 7")]
    [InlineData("1,2,0\r\n{0}1,x,0\r\n", "line 3002")]
    [InlineData("1,2,0\n{1}1,x,0\n", "line 5002")]
    public void Runs_of_blank_lines_are_skipped_in_bulk_and_still_counted(string template, string where)
    {
        // 3,000 \r\n after a 7-character line put one pair across the reader's first 4,096-character buffer.
        string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template,
            string.Concat(Enumerable.Repeat("\r\n", 3000)), new string('\n', 5000));
        Assert.Contains(where + ":", LoadFails(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_columns_than_the_default_limit_fail_before_the_line_is_split()
    {
        string row = string.Join(',', Enumerable.Repeat("0", DatasetLimits.Default.MaxColumns + 1));
        AssertNamesLimit(LoadFails(row + "\n"), nameof(DatasetLimits.MaxColumns));
        var narrow = new DatasetLimits { MaxColumns = 3 };
        Assert.Equal(2, CsvDataset.Load(new MemoryStream("1,2,0\n"u8.ToArray()), "t.csv", narrow).FeatureCount);
        AssertNamesLimit(LoadFails("1,2,3,0\n", narrow), nameof(DatasetLimits.MaxColumns));
        // A scikit-learn header declaring as many features is refused at the header too.
        AssertNamesLimit(LoadFails("1,5,a,b\n1,2,3,4,5,0\n", narrow), nameof(DatasetLimits.MaxColumns));
    }

    [Fact]
    public void Rows_and_values_past_their_limits_fail_at_the_first_line_over()
    {
        const string text = "1,2,0\n3,4,1\n5,6,0\n";
        Assert.Equal(3, CsvDataset.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv", new DatasetLimits { MaxRows = 3, MaxValues = 6 }).Samples);
        var rows = LoadFails(text, new DatasetLimits { MaxRows = 2 });
        AssertNamesLimit(rows, nameof(DatasetLimits.MaxRows));
        Assert.Contains("line 3", rows.Message, StringComparison.Ordinal);
        var values = LoadFails(text, new DatasetLimits { MaxValues = 5 });
        AssertNamesLimit(values, nameof(DatasetLimits.MaxValues));
        Assert.Contains("line 3", values.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("100000")]
    [InlineData("1e9")]
    public void A_label_past_the_class_limit_fails_before_any_class_is_made(string label)
    {
        // The class count is the largest label plus one: unchecked, one such label asked for that many classes.
        var error = LoadFails($"5.1,3.5,0\n5,3,{label}\n4.9,3,1\n");
        AssertNamesLimit(error, nameof(DatasetLimits.MaxClasses));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1000, CsvDataset.Load(new MemoryStream("1,999\n"u8.ToArray()), "t.csv").ClassCount);
    }

    [Fact]
    public void A_header_naming_more_classes_than_the_limit_fails()
    {
        AssertNamesLimit(LoadFails("1,1,a,b,c\n1,0\n", new DatasetLimits { MaxClasses = 2 }), nameof(DatasetLimits.MaxClasses));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_gzip_bomb_stops_at_the_decompressed_limit(bool seekable)
    {
        // 64 MB of line breaks compress to about 64 kB; unbounded, they were decompressed into a growing buffer.
        var lineBreaks = new byte[64 * Megabyte];
        lineBreaks.AsSpan().Fill((byte)'\n');
        var bomb = TempFiles.Gzip(lineBreaks);
        Stream input = seekable ? new MemoryStream(bomb) : new ForwardOnlyStream(bomb);
        InvalidDataException? error = null;
        long allocated = AllocatedBy(() => error = Assert.Throws<InvalidDataException>(
            () => CsvDataset.Load(input, "bomb.csv.gz", new DatasetLimits { MaxDecompressedBytes = 16 * Megabyte })));
        AssertNamesLimit(error!, nameof(DatasetLimits.MaxDecompressedBytes));
        Assert.True(allocated < 8 * Megabyte, $"allocated {allocated} bytes");
    }

    [Fact]
    public void The_decompressed_limit_bounds_a_plain_input_too()
    {
        var input = new SyntheticStream((byte)'\n', 4 * Megabyte, seekable: false);
        var error = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(input, "blank.csv", new DatasetLimits { MaxDecompressedBytes = Megabyte }));
        AssertNamesLimit(error, nameof(DatasetLimits.MaxDecompressedBytes));
    }

    [Fact]
    public void Streams_that_cannot_seek_load_plain_and_gzip_and_a_cut_gzip_is_still_caught()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},{i * 2},{i % 3}\n")));
        var gzip = TempFiles.Gzip(text);
        foreach (var bytes in new[] { text, gzip })
        {
            var data = CsvDataset.Load(new ForwardOnlyStream(bytes), "pipe.csv");
            Assert.Equal((300, 2, 3), (data.Samples, data.FeatureCount, data.ClassCount));
        }

        foreach (int cut in new[] { gzip.Length - 4, gzip.Length - 1, 12 })
        {
            var error = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(new ForwardOnlyStream(gzip[..cut]), "pipe.csv.gz"));
            Assert.Contains("pipe.csv.gz", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Idx_headers_past_the_limits_fail_before_allocating()
    {
        var images = IdxDatasetTests.Images(3, 2, 2);
        var labels = IdxDatasetTests.Labels(4, 0, 9);
        InvalidDataException Fails(DatasetLimits limits) =>
            Assert.Throws<InvalidDataException>(() => IdxDataset.Load(new MemoryStream(images), new MemoryStream(labels), limits));
        AssertNamesLimit(Fails(new DatasetLimits { MaxRows = 2 }), nameof(DatasetLimits.MaxRows));
        AssertNamesLimit(Fails(new DatasetLimits { MaxColumns = 3 }), nameof(DatasetLimits.MaxColumns));
        AssertNamesLimit(Fails(new DatasetLimits { MaxValues = 11 }), nameof(DatasetLimits.MaxValues));
        AssertNamesLimit(Fails(new DatasetLimits { MaxDecompressedBytes = 27 }), nameof(DatasetLimits.MaxDecompressedBytes));
        AssertNamesLimit(Fails(new DatasetLimits { MaxClasses = 9 }), nameof(DatasetLimits.MaxClasses));
        var exact = new DatasetLimits { MaxRows = 3, MaxColumns = 4, MaxValues = 12, MaxDecompressedBytes = 28, MaxClasses = 10 };
        Assert.Equal(10, IdxDataset.Load(new MemoryStream(images), new MemoryStream(labels), exact).ClassCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_idx_gzip_whose_header_and_trailer_lie_costs_only_the_data_present(bool seekable)
    {
        // 1,000 images of 256 x 256 declared (65.5 MB), 64 pixels present, the trailer's ISIZE forged to agree.
        var images = IdxDatasetTests.Images(1, 8, 8);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), 1000);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 256);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 256);
        var gzip = TempFiles.Gzip(images);
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4), 16 + 1000u * 256 * 256);
        Stream input = seekable ? new MemoryStream(gzip) : new ForwardOnlyStream(gzip);
        InvalidDataException? error = null;
        long allocated = AllocatedBy(() => error = Assert.Throws<InvalidDataException>(
            () => IdxDataset.Load(input, new MemoryStream(IdxDatasetTests.Labels(new byte[1000])), "liar.gz")));
        Assert.Contains("liar.gz", error!.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 * Megabyte, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Idx_streams_that_cannot_seek_load()
    {
        var images = IdxDatasetTests.Images(3, 2, 2);
        var labels = IdxDatasetTests.Labels(4, 0, 9);
        var data = IdxDataset.Load(new ForwardOnlyStream(TempFiles.Gzip(images)), new ForwardOnlyStream(labels));
        Assert.Equal((3, 4, 10), (data.Samples, data.FeatureCount, data.ClassCount));
        Assert.Throws<InvalidDataException>(() => IdxDataset.Load(new ForwardOnlyStream(images[..20]), new ForwardOnlyStream(labels)));
        Assert.Throws<InvalidDataException>(() => IdxDataset.Load(new ForwardOnlyStream([.. images, 1]), new ForwardOnlyStream(labels)));
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetLimits { MaxRows = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetLimits { MaxDecompressedBytes = -1 });
        Assert.Equal(1 << 20, DatasetLimits.Default.MaxLineLength);
    }
}
