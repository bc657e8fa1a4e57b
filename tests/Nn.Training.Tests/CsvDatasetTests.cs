using System.Text;

namespace Nn.Training.Tests;

public class CsvDatasetTests
{
    [Fact]
    public void Scikit_learn_header_gives_class_names_and_is_checked_against_the_data()
    {
        using var files = new TempFiles();
        var data = CsvDataset.Load(files.WriteText("a.csv", "3,2,cat,dog\n1.5,2,0\n-3,4e1,1\n\n5,6,1\n"));
        Assert.Equal(3, data.Samples);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(2, data.ClassCount);
        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal([1.5f, 2, -3, 40, 5, 6], data.Features);
        Assert.Equal([0, 1, 1], data.Labels);
    }

    [Fact]
    public void Files_without_header_or_with_column_names_load_and_gzip_is_detected()
    {
        using var files = new TempFiles();
        string plain = "1,2,0\n3,4,2\n";
        var a = CsvDataset.Load(files.WriteText("plain.csv", plain));
        var b = CsvDataset.Load(files.Write("plain.csv.gz", TempFiles.Gzip(Encoding.UTF8.GetBytes(plain))));
        var c = CsvDataset.Load(files.WriteText("names.csv", "x,y,label\n" + plain));
        foreach (var data in new[] { a, b, c })
        {
            Assert.Equal([1f, 2, 3, 4], data.Features);
            Assert.Equal([0, 2], data.Labels);
            Assert.Equal(3, data.ClassCount);
        }
    }

    [Theory]
    [InlineData("1,2,0\n3,0\n", "line 2")]                 // ragged row
    [InlineData("1,2,0\n3,abc,1\n", "line 2")]             // not a number
    [InlineData("1,2,0\n3,NaN,1\n", "line 2")]             // not finite
    [InlineData("1,2,0\n3,4,1.5\n", "line 2")]             // label not an integer
    [InlineData("1,2,0\n3,4,-1\n", "line 2")]              // negative label
    [InlineData("2,2,a,b\n1,2,0\n3,4,2\n", "line 3")]      // label beyond the header's classes
    [InlineData("3,2,a,b\n1,2,0\n3,4,1\n", "declares 3")]  // header count disagrees
    [InlineData("", "no samples")]
    public void Malformed_files_are_rejected_naming_the_file_and_line(string text, string where)
    {
        using var files = new TempFiles();
        string path = files.WriteText("bad.csv", text);
        var error = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_is_rejected()
    {
        using var files = new TempFiles();
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"{i},{i * 2},{i % 3}\n"));
        var gzip = TempFiles.Gzip(Encoding.UTF8.GetBytes(text));
        foreach (int cut in new[] { gzip.Length - 4, gzip.Length / 2, 12 })
        {
            string path = files.Write($"cut{cut}.csv.gz", gzip[..cut]);
            var error = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_shipped_data_sets_load()
    {
        var iris = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
        Assert.Equal((150, 4, 3), (iris.Samples, iris.FeatureCount, iris.ClassCount));
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        var digits = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
        Assert.Equal((1797, 64, 10), (digits.Samples, digits.FeatureCount, digits.ClassCount));
        Assert.All(digits.Features, v => Assert.InRange(v, 0, 16));
    }
}
