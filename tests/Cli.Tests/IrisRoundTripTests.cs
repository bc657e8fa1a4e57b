using System.Globalization;

namespace Cli.Tests;

public class IrisRoundTripTests(IrisModelFixture iris) : IClassFixture<IrisModelFixture>
{
    [Fact]
    public void Train_saves_a_model_and_plot_and_prints_a_summary()
    {
        Assert.True(iris.Train.ExitCode == 0, iris.Train.ToString());
        Assert.True(File.Exists(iris.Model));
        Assert.True(File.Exists(iris.Folder.File("iris-loss.png")));
        Assert.Contains("summary", iris.Train.Output, StringComparison.Ordinal);
        Assert.Contains("30 test rows", iris.Train.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_shows_the_architecture_parameter_count_and_checksum()
    {
        var run = Tool.Run(iris.Folder.Path, "info", "--model", iris.Model);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("4 inputs, 3 outputs", run.Output, StringComparison.Ordinal);
        // 4·8 + 8 weights and biases, then 8·3 + 3.
        Assert.Contains($"parameters: {4 * 8 + 8 + 8 * 3 + 3}", run.Output, StringComparison.Ordinal);
        // Version 2: the model records its class labels.
        Assert.Contains("version 2", run.Output, StringComparison.Ordinal);
        Assert.Contains("checksum: OK", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_on_the_same_seed_reproduces_the_test_accuracy_train_printed()
    {
        var printed = Tool.Accuracy(iris.Train.Output, "test accuracy:");
        var run = Tool.Run(iris.Folder.Path, "evaluate", "--model", iris.Model, "--data", "iris", "--seed", "1");
        Assert.True(run.ExitCode == 0, run.ToString());
        var measured = Tool.Accuracy(run.Output, "accuracy:");
        Assert.Equal((printed.Correct, printed.Total), (measured.Correct, measured.Total));
        Assert.Contains("precision", run.Output, StringComparison.Ordinal);
        Assert.Contains("setosa", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_all_rows_counts_every_row()
    {
        var run = Tool.Run(iris.Folder.Path, "evaluate", "--model", iris.Model, "--data", "iris", "--all");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(150, Tool.Accuracy(run.Output, "accuracy:").Total);
    }

    [Fact]
    public void Predict_writes_one_probability_row_per_input_row_and_class_agrees_with_its_argmax()
    {
        var probabilities = Tool.Run(iris.Folder.Path, "predict", "--model", iris.Model, "--input", IrisModelFixture.IrisCsv);
        Assert.True(probabilities.ExitCode == 0, probabilities.ToString());
        var rows = probabilities.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // The header line of iris.csv is skipped; every sample gives one softmax row.
        Assert.Equal(150, rows.Length);
        foreach (var row in rows)
        {
            Assert.Equal(3, row.Length);
            Assert.All(row, p => Assert.InRange(p, 0, 1));
            // Three float softmax outputs, each printed to 6 significant digits (±5e-7 relative).
            Assert.InRange(row.Sum(), 1 - 3e-6, 1 + 3e-6);
        }

        // The same rows through stdin, as in a pipeline, with --class: the model's class labels.
        var classes = Tool.RunWith(iris.Folder.Path, null, File.ReadAllText(IrisModelFixture.IrisCsv), "predict", "--model", iris.Model, "--class");
        Assert.True(classes.ExitCode == 0, classes.ToString());
        string[] names = ["setosa", "versicolor", "virginica"];
        var predicted = classes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Array.IndexOf(names, l)).ToArray();
        Assert.Equal(rows.Select(r => Array.IndexOf(r, r.Max())), predicted);

        // Agreement with the labels matches evaluate --all.
        var labels = File.ReadLines(IrisModelFixture.IrisCsv).Skip(1).Select(l => int.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)).ToArray();
        var all = Tool.Accuracy(Tool.Run(iris.Folder.Path, "evaluate", "--model", iris.Model, "--data", "iris", "--all").Output, "accuracy:");
        Assert.Equal(all.Correct, labels.Zip(predicted).Count(p => p.First == p.Second));
    }

    [Fact]
    public void Export_writes_an_onnx_file()
    {
        string onnx = iris.Folder.File("iris.onnx");
        var run = Tool.Run(iris.Folder.Path, "export", "--model", iris.Model, "--onnx", onnx);
        Assert.True(run.ExitCode == 0, run.ToString());
        var bytes = File.ReadAllBytes(onnx);
        // A ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
        Assert.True(bytes.Length > 100 && bytes[0] == 0x08, $"{bytes.Length} bytes, first 0x{bytes[0]:x2}");
    }
}
