using System.Buffers.Binary;

namespace Cli.Tests;

/// <summary>`train --normalization` and `--dropout`: version 4 model files that evaluate, predict and show in info as trained.</summary>
public class NormalizationOptionTests
{
    private static string[] TrainIris(string model, int epochs, params string[] options) =>
        ["train", "--data", "iris", "--layers", "16,8", "--epochs", $"{epochs}", "--batch", "16", "--lr", "0.01", "--out", model, .. options];

    [Fact]
    public void Batch_normalization_with_dropout_saves_a_model_that_evaluates_and_shows_as_trained()
    {
        using var folder = new TempFolder();
        var train = Tool.Run(folder.Path, TrainIris("iris.snn", 40, "--normalization", "batch", "--dropout", "0.2"));
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("relu hidden with batch normalization and dropout 0.2", train.Output, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(folder.File("iris.snn"));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));

        var printed = Tool.Accuracy(train.Output, "test accuracy:");
        var evaluate = Tool.Run(folder.Path, "evaluate", "--model", "iris.snn", "--data", "iris", "--seed", "1");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Equal((printed.Correct, printed.Total), Count(Tool.Accuracy(evaluate.Output, "accuracy:")));
        // 40 epochs on 120 rows: well above the third of guessing (a broken folding or a dropout left on at inference would not be).
        Assert.True(printed.Correct >= 0.8 * printed.Total, train.ToString());

        var info = Tool.Run(folder.Path, "info", "--model", "iris.snn");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("version 4", info.Output, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(info.Output, "batch (γ, β, running mean and variance)"));
        Assert.Equal(2, Occurrences(info.Output, " 0.2 "));
        // Weights and biases, plus γ and β for each hidden unit.
        Assert.Contains($"parameters: {4 * 16 + 16 + 2 * 16 + 16 * 8 + 8 + 2 * 8 + 8 * 3 + 3}", info.Output, StringComparison.Ordinal);
        Assert.Contains("all finite", info.Output, StringComparison.Ordinal);

        var predict = Tool.Run(folder.Path, "predict", "--model", "iris.snn", "--input", IrisModelFixture.IrisCsv, "--class");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(150, predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Layer_normalization_is_shown_per_layer_and_the_output_layer_gets_neither()
    {
        using var folder = new TempFolder();
        var train = Tool.Run(folder.Path, TrainIris("iris.snn", 5, "--normalization", "layer"));
        Assert.True(train.ExitCode == 0, train.ToString());
        var info = Tool.Run(folder.Path, "info", "--model", "iris.snn");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Equal(2, Occurrences(info.Output, "layer (γ, β)"));
        var lastRow = info.Output.Split('\n').Single(line => line.Contains("Softmax", StringComparison.Ordinal));
        Assert.Equal(2, Occurrences(lastRow, "none"));
    }

    [Fact]
    public void The_default_options_train_the_same_model_as_before()
    {
        using var folder = new TempFolder();
        var plain = Tool.Run(folder.Path, TrainIris("plain.snn", 3));
        var spelled = Tool.Run(folder.Path, TrainIris("spelled.snn", 3, "--normalization", "none", "--dropout", "0"));
        Assert.True(plain.ExitCode == 0 && spelled.ExitCode == 0, plain + "\n" + spelled);
        var bytes = File.ReadAllBytes(folder.File("plain.snn"));
        Assert.Equal(bytes, File.ReadAllBytes(folder.File("spelled.snn")));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Contains("(relu hidden, softmax output)", plain.Output, StringComparison.Ordinal);
        var info = Tool.Run(folder.Path, "info", "--model", "plain.snn");
        Assert.DoesNotContain("normalization", info.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--dropout", "1" }, "--dropout must be in [0, 1)")]
    [InlineData(new[] { "--dropout=-0.1" }, "--dropout must be in [0, 1)")]
    [InlineData(new[] { "--dropout", "NaN" }, "--dropout must be in [0, 1)")]
    [InlineData(new[] { "--normalization", "foo" }, "foo")]
    [InlineData(new[] { "--layers", "none", "--dropout", "0.5" }, "--dropout applies to hidden layers")]
    [InlineData(new[] { "--layers", "none", "--normalization", "batch" }, "--normalization applies to hidden layers")]
    public void Bad_values_are_refused_with_one_line_and_exit_code_2(string[] options, string message)
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, ["train", "--data", "iris", .. options]);
        Tool.AssertRefused(run, 2, message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    private static (int Correct, int Total) Count((double Percent, int Correct, int Total) accuracy) => (accuracy.Correct, accuracy.Total);

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
