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
        { ["train", "--epochs", "99999999999"], Usage, "--epochs must be between 1 and 100000; got '99999999999'" },
        { ["train", "--seed", "99999999999"], Usage, "--seed: '99999999999' is not a whole number from -2147483648 to 2147483647" },
        { ["train", "--lr", "fast"], Usage, "--lr must be a positive number; got 'fast'" },
        { ["train", "--data", "iris", "--out", ""], Usage, "--out: the path is empty" },
        { ["train", "--data", "iris", "--out", "sub/"], Usage, "--out sub/: names a folder" },
        { ["train", "--data", "iris", "--out", "/dev/null"], Usage, "--out /dev/null: exists and is not a regular file" },
        { ["train", "--data", "iris", "--out", "/proc/m.snn"], Data, "--out /proc/m.snn: cannot write in the folder /proc" },
        { ["train", "--data", "iris", "--out", "m.snn", "--plot", "m.snn"], Usage, "--out and --plot name the same file m.snn" },
        { ["train", "--data", "iris", "--out", "m.onnx"], Usage, "--out m.onnx: --out writes a simd-nn model file (.snn), not a .onnx file" },
        { ["train", "--data", "iris", "--plot", "p.jpg"], Usage, "--plot p.jpg: the loss curve is written as PNG or SVG" },
        { ["train", "--data", "iris", "--plot", ""], Usage, "--plot: the path is empty" },
        { ["train", "--data", "iris", "--layers", "65536,65536"], Usage, "the network 4-65536-65536-3 has 4,295,557,123 parameters; a model file holds at most 268,435,456 (ModelFile.MaxParameters)" },
        { ["train", "--data", "iris", "--test-fraction", "0.99"], Data, "--test-fraction 0.99 holds out all 150 rows as test rows and leaves none to train on" },
        { ["train", "--data", "iris", "--validation", "0.99"], Data, "--validation 0.99 takes all 120 training rows (30 more are test rows) and leaves none to fit" },
        { ["evaluate", "--model", "", "--data", "iris"], Usage, "--model: the path is empty" },
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

    private static void AssertClean(ToolRun run, int exitCode, string message) => Tool.AssertRefused(run, exitCode, message);
}

public class EnvironmentErrorTests
{
    [Fact]
    public void A_bad_isa_cap_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var run = Tool.RunWith(folder.Path, new Dictionary<string, string> { ["SIMDNN_MAX_VECTOR_BITS"] = "77" }, null, "verify");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("simd-nn: SIMDNN_MAX_VECTOR_BITS must be 512, 256, 128 or 0; it is '77'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
