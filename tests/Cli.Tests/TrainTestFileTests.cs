using System.Globalization;

namespace Cli.Tests;

/// <summary>
/// `train --test FILE` (issue 17): the test rows come from a file of their own, written here from
/// data/iris.csv (every fifth row to the test file, the rest to the training file).
/// </summary>
public sealed class TrainTestFileTests : IDisposable
{
    private const int Usage = 2;
    private const int Data = 1;
    private static readonly string[] ClassNames = ["setosa", "versicolor", "virginica"];
    private readonly TempFolder folder = new();
    private readonly string[][] train, test;

    public TrainTestFileTests()
    {
        var rows = File.ReadLines(IrisModelFixture.IrisCsv).Skip(1).Select(l => l.Split(',')).ToArray();
        train = [.. rows.Where((_, i) => i % 5 != 4)];
        test = [.. rows.Where((_, i) => i % 5 == 4)];
        Write("train.csv", train, ClassNames);
        Write("test.csv", test, ClassNames);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_test_rows_are_the_test_files_and_the_check_line_evaluates_that_file()
    {
        var run = Train("--test", "test.csv");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{train.Length - 12} training rows, 12 validation rows, {test.Length} test rows", run.Output, StringComparison.Ordinal);
        var printed = Tool.Accuracy(run.Output, "test accuracy:");
        Assert.Equal(test.Length, printed.Total);

        // The check-it line names the test file; run as printed, it counts the same rows right.
        string check = run.Output.Split('\n').Single(l => l.StartsWith("check it:", StringComparison.Ordinal))["check it:".Length..].Trim();
        Assert.Equal("simd-nn evaluate --model m.snn --data test.csv --all", check);
        var evaluate = Tool.Run(folder.Path, [.. check.Split(' ').Skip(1)]);
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Equal((printed.Correct, printed.Total), (Tool.Accuracy(evaluate.Output, "accuracy:").Correct, Tool.Accuracy(evaluate.Output, "accuracy:").Total));
    }

    [Fact]
    public void Test_classes_are_matched_to_training_classes_by_name_or_else_taken_as_indices()
    {
        var plain = Tool.Accuracy(Train("--test", "test.csv").Output, "test accuracy:");

        // The same rows, the header listing the classes in reverse order (labels renumbered to match):
        // the same model scores the same rows the same.
        Write("reversed.csv", [.. test.Select(r => r[..^1].Append((2 - int.Parse(r[^1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)).ToArray())],
            [.. ClassNames.Reverse()]);
        Assert.Equal(plain, Tool.Accuracy(Train("--test", "reversed.csv").Output, "test accuracy:"));

        // No header: the labels are the training classes' indices.
        File.WriteAllLines(folder.File("bare.csv"), test.Select(r => string.Join(',', r)));
        Assert.Equal(plain, Tool.Accuracy(Train("--test", "bare.csv").Output, "test accuracy:"));
    }

    [Fact]
    public void A_test_file_the_model_cannot_score_is_refused_before_training()
    {
        File.WriteAllLines(folder.File("three.csv"), test.Select(r => string.Join(',', r[1..])));
        var run = Train("--test", "three.csv");
        Tool.AssertRefused(run, Data, "--test three.csv: 3 features per row, but the training data has 4; the test file needs the same feature columns");
        Assert.DoesNotContain("epoch", run.Output, StringComparison.Ordinal);

        File.WriteAllText(folder.File("label.csv"), "5.1,3.5,1.4,0.2,0\n6.3,3.3,6.0,2.5,7\n");
        Tool.AssertRefused(Train("--test", "label.csv"), Data, "--test label.csv: the label 7 is not one of the 3 training classes (setosa, versicolor, virginica)");

        Write("named.csv", test, ["setosa", "versicolor", "iris-x"]);
        Tool.AssertRefused(Train("--test", "named.csv"), Data, "--test named.csv: the class 'iris-x' is not one of the 3 training classes");

        Tool.AssertRefused(Train("--test", "missing.csv"), Data, "test file not found: missing.csv");
        Assert.False(File.Exists(folder.File("m.snn")));
    }

    [Fact]
    public void Test_beside_test_fraction_or_as_an_output_is_a_usage_error()
    {
        Tool.AssertRefused(Train("--test", "test.csv", "--test-fraction", "0.3"), Usage, "--test and --test-fraction: the test rows come from the --test file");
        File.Copy(folder.File("test.csv"), folder.File("test.txt"));
        Tool.AssertRefused(Tool.Run(folder.Path, "train", "--data", "train.csv", "--test", "test.txt", "--out", "test.txt"), Usage, "--test and --out name the same file test.txt");
        Assert.Equal(File.ReadAllBytes(folder.File("test.csv")), File.ReadAllBytes(folder.File("test.txt")));
    }

    private ToolRun Train(params string[] extra) =>
        Tool.Run(folder.Path, ["train", "--data", "train.csv", "--layers", "8", "--epochs", "10", "--batch", "16", "--lr", "0.01", "--out", "m.snn", .. extra]);

    /// <summary>A scikit-learn style CSV: "rows,features,class names...", then features and label per row.</summary>
    private void Write(string name, string[][] rows, string[] classes) =>
        File.WriteAllLines(folder.File(name), [$"{rows.Length},4,{string.Join(',', classes)}", .. rows.Select(r => string.Join(',', r))]);
}
