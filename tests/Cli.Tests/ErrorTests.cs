namespace Cli.Tests;

/// <summary>Every error path: one line on stderr naming the problem, exit 2 (usage) or 1 (data), no stack trace, no output file.</summary>
public class ErrorTests(IrisModelFixture iris) : IClassFixture<IrisModelFixture>
{
    private const int Usage = 2;
    private const int Data = 1;

    public static TheoryData<string[], int, string> UsageErrors => new()
    {
        { ["train", "--bogus"], Usage, "--bogus" },
        { ["train", "--activation", "swish"], Usage, "swish" },
        { ["train", "--loss", "hinge"], Usage, "hinge" },
        { ["train", "--epochs", "0"], Usage, "--epochs" },
        { ["train", "--epochs", "ten"], Usage, "ten" },
        { ["train", "--lr", "-1"], Usage, "--lr" },
        { ["train", "--validation", "1.5"], Usage, "--validation" },
        { ["train", "--layers", "16,x"], Usage, "--layers" },
        { ["train", "--data", "mnist"], Usage, "unknown data set 'mnist'" },
        { ["evaluate", "--data", "iris"], Usage, "--model" },
        { ["frobnicate"], Usage, "frobnicate" },
        { ["train", "--data", "no/such/file.csv"], Data, "data file not found: no/such/file.csv" },
        { ["info", "--model", "missing.snn"], Data, "model file not found: missing.snn" },
        { ["predict", "--model", "missing.snn"], Data, "model file not found: missing.snn" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Bad_arguments_give_one_clear_line_and_the_exit_code(string[] args, int exitCode, string message)
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, args);
        AssertClean(run, exitCode, message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_malformed_csv_names_the_file_and_line_and_writes_nothing()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.csv"), "1,2,0\n3,4,1\n5,oops,0\n");
        var run = Tool.Run(folder.Path, "train", "--data", "bad.csv", "--out", "out/bad.snn");
        AssertClean(run, Data, "line 3");
        Assert.Contains("bad.csv", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")) && Directory.EnumerateFiles(folder.File("out")).Any());
    }

    [Fact]
    public void A_corrupt_model_file_is_rejected()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(iris.Model);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(folder.File("corrupt.snn"), bytes);
        var run = Tool.Run(folder.Path, "info", "--model", "corrupt.snn");
        AssertClean(run, Data, "corrupt.snn is not a valid model file");
    }

    [Fact]
    public void A_truncated_model_file_is_rejected()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("short.snn"), File.ReadAllBytes(iris.Model)[..40]);
        AssertClean(Tool.Run(folder.Path, "evaluate", "--model", "short.snn", "--data", "iris"), Data, "short.snn is not a valid model file");
    }

    [Fact]
    public void A_model_whose_input_size_does_not_match_the_data_is_refused()
    {
        var run = Tool.Run(iris.Folder.Path, "evaluate", "--model", iris.Model, "--data", "digits");
        AssertClean(run, Data, "takes 4 inputs but digits has 64 features");
    }

    [Fact]
    public void Predict_rows_of_the_wrong_width_are_refused_with_the_line_number()
    {
        var run = Tool.RunWith(iris.Folder.Path, null, "5.1,3.5,1.4,0.2\n1,2,3\n", "predict", "--model", iris.Model);
        AssertClean(run, Data, "stdin line 2: 3 values");
        // The first, valid row was already written: predict streams.
        Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_missing_fashion_mnist_says_how_to_install_it()
    {
        using var folder = new TempFolder();
        var run = Tool.RunWith(folder.Path, new Dictionary<string, string> { ["SIMDNN_FASHION_MNIST_DIR"] = folder.File("none") }, null,
            "train", "--data", "fashion-mnist");
        AssertClean(run, Data, "apt-get install dataset-fashion-mnist");
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var run = Tool.Run(iris.Folder.Path, "evaluate", "--model", iris.Model, "--data", "digits", "--verbose");
        Assert.Equal(Data, run.ExitCode);
        Assert.Contains("takes 4 inputs", run.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", run.Error, StringComparison.Ordinal);
    }

    private static void AssertClean(ToolRun run, int exitCode, string message)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length is >= 1 and <= 2, run.ToString());
        Assert.StartsWith("simd-nn: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
