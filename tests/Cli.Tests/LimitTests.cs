using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Cli.Tests;

/// <summary>
/// Issue 16's data that would exhaust memory or time (a stray huge label, a file without line breaks, a gzip bomb),
/// end to end: each stops at a loader limit with a line naming the environment variable that raises it, in bounded
/// memory and time (<see cref="Tool.AssertRefused"/>), and no output file is written.
/// </summary>
public class LimitTests
{
    private const int Usage = 2;
    private const int Data = 1;

    /// <summary>Iris without its header line, the label of data row <paramref name="row"/> (0-based) replaced.</summary>
    private static string IrisWithLabel(TempFolder folder, int row, string label)
    {
        var lines = File.ReadAllLines(Path.Combine(Tool.RepositoryRoot, "data", "iris.csv")).Skip(1).ToArray();
        var fields = lines[row].Split(',');
        fields[^1] = label;
        lines[row] = string.Join(',', fields);
        string path = folder.File("labels.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Theory]
    [InlineData("1e9")]
    [InlineData("100000")]
    public void A_huge_label_is_refused_at_once_naming_the_variable(string label)
    {
        using var folder = new TempFolder();
        string data = IrisWithLabel(folder, 5, label);
        var run = Tool.Run(folder.Path, "train", "--data", data, "--out", "m.snn");
        Tool.AssertRefused(run, Data, $"line 6: the label {label} is too large: the class count is the largest label plus one (the limit is 1,000 classes); to load it anyway, set SIMDNN_MAX_CLASSES to a larger value");
        Assert.Equal(["labels.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Sparse_labels_train_when_the_limit_is_raised_and_show_only_the_classes_that_occur()
    {
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Path.Combine(Tool.RepositoryRoot, "data", "iris.csv")).Skip(1)
            .Select(line => line[..line.LastIndexOf(',')] + "," + (int.Parse(line[(line.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture) * 1000).ToString(CultureInfo.InvariantCulture));
        File.WriteAllLines(folder.File("sparse.csv"), lines);

        Tool.AssertRefused(Tool.Run(folder.Path, "train", "--data", "sparse.csv"), Data, "line 51: the label 1000 is too large");
        var run = Tool.RunWith(folder.Path, new Dictionary<string, string> { ["SIMDNN_MAX_CLASSES"] = "3000" }, null,
            "train", "--data", "sparse.csv", "--epochs", "5", "--out", "m.snn");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.PeakBytes < 1L << 30 && run.Elapsed < TimeSpan.FromSeconds(30), run.ToString());
        // The confusion matrix header lists the three classes that occur, not 2,001 columns.
        var header = run.Output.Split('\n').First(l => l.Contains("predicted →", StringComparison.Ordinal));
        Assert.Equal(3, header.Split('│', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [Fact]
    public void A_bad_limit_variable_is_a_usage_error()
    {
        var run = Tool.RunWith(Tool.RepositoryRoot, new Dictionary<string, string> { ["SIMDNN_MAX_ROWS"] = "many" }, null, "train", "--data", "data/iris.csv");
        Tool.AssertRefused(run, Usage, "SIMDNN_MAX_ROWS must be a whole number from 1 to 2,147,483,647; got 'many'");
    }

    [Fact]
    public void A_two_gigabyte_file_without_line_breaks_fails_in_seconds_in_bounded_memory()
    {
        using var folder = new TempFolder();
        string path = folder.File("zeros.csv");
        using (var file = File.Create(path)) file.SetLength(2L << 30); // sparse: no disk used
        var run = Tool.Run(folder.Path, "train", "--data", "zeros.csv", "--out", "m.snn");
        Tool.AssertRefused(run, Data, "zeros.csv starts with 4,096 zero bytes: binary data, not text");
        Assert.Equal(["zeros.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_long_line_of_text_names_the_line_length_limit()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("wide.csv"), "1," + new string('9', 2 << 20) + "\n");
        var run = Tool.Run(folder.Path, "train", "--data", "wide.csv");
        Tool.AssertRefused(run, Data, "line 1 is too long (a file without line breaks?) (the limit is 1,048,576 characters); to load it anyway, set SIMDNN_MAX_LINE_LENGTH to a larger value");
    }

    /// <summary>
    /// A gzip bomb of valid rows (one feature padded with blanks, so rows, values and line length stay within their
    /// limits): 17 copies of one 64 MiB member, 1.06 GiB of text from about 1 MB of file. The decompressed-size limit
    /// must stop it without the process growing with the data.
    /// </summary>
    [Fact]
    public void A_gzip_bomb_stops_at_the_decompressed_size_limit()
    {
        using var folder = new TempFolder();
        var row = Encoding.ASCII.GetBytes("0" + new string(' ', 1021) + ",1\n");
        byte[] member;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (int i = 0; i < (64 << 20) / row.Length; i++) gzip.Write(row);
            }

            member = buffer.ToArray();
        }

        using (var file = File.Create(folder.File("bomb.csv.gz")))
        {
            for (int i = 0; i < 17; i++) file.Write(member);
        }

        var run = Tool.Run(folder.Path, "train", "--data", "bomb.csv.gz", "--out", "m.snn");
        Tool.AssertRefused(run, Data, "(the limit is 1,073,741,824 bytes); to load it anyway, set SIMDNN_MAX_DECOMPRESSED_BYTES to a larger value");
        Assert.True(run.PeakBytes < 400L << 20, run.ToString());
        Assert.Equal(["bomb.csv.gz"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
