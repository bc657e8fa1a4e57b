using System.Globalization;
using System.Text.Json;

namespace Cli.Tests;

/// <summary>One small diabetes regression model, trained once with --json, shared by the regression tests.</summary>
public sealed class DiabetesModelFixture : IDisposable
{
    public DiabetesModelFixture()
    {
        Train = Tool.Run(Folder.Path, "train", "--data", "diabetes", "--layers", "16", "--epochs", "30", "--weight-decay", "0.01",
            "--out", Model, "--plot", Folder.File("diabetes-loss.png"), "--json");
    }

    public TempFolder Folder { get; } = new();

    public string Model => Folder.File("diabetes.snn");

    public ToolRun Train { get; }

    public static string DiabetesCsv => Path.Combine(Tool.RepositoryRoot, "data", "diabetes.csv");

    public void Dispose() => Folder.Dispose();
}

public class RegressionTests(DiabetesModelFixture fixture) : IClassFixture<DiabetesModelFixture>
{
    /// <summary>The whole of stdout must be one JSON object (JsonDocument refuses anything after it but white space).</summary>
    private static JsonElement OneObject(ToolRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Train_json_prints_one_object_with_the_test_scores_and_the_human_output_on_stderr()
    {
        var json = OneObject(fixture.Train);
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.Equal(fixture.Model, json.GetProperty("model").GetString());
        Assert.Equal("diabetes", json.GetProperty("data").GetString());
        Assert.Equal(30, json.GetProperty("epochs").GetInt32());
        Assert.InRange(json.GetProperty("best_epoch").GetInt32(), 1, 30);
        Assert.Equal("max-epochs", json.GetProperty("stopped").GetString());
        var test = json.GetProperty("test");
        // 442 rows, 20% held out: round(88.4) = 88 test rows.
        Assert.Equal(88, test.GetProperty("rows").GetInt32());
        Assert.InRange(test.GetProperty("r2").GetDouble(), 0.3, 1);
        Assert.InRange(test.GetProperty("rmse").GetDouble(), test.GetProperty("mae").GetDouble(), 100);
        Assert.Contains("identity output", fixture.Train.Error, StringComparison.Ordinal);
        Assert.Contains("test RMSE", fixture.Train.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("acc", fixture.Train.Error.Split('\n').First(l => l.Contains("epoch 30/30", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.True(File.Exists(fixture.Model));
    }

    [Fact]
    public void Evaluate_scores_match_a_recomputation_from_predict_in_raw_units()
    {
        var evaluate = Tool.Run(fixture.Folder.Path, "evaluate", "--model", fixture.Model, "--data", "diabetes", "--all", "--json");
        var test = OneObject(evaluate).GetProperty("test");
        var human = Tool.Run(fixture.Folder.Path, "evaluate", "--model", fixture.Model, "--data", "diabetes", "--all");
        Assert.Matches(@"RMSE [0-9.]+, MAE [0-9.]+, R² [0-9.]+ \(442 rows\)", human.Output);

        var predict = Tool.Run(fixture.Folder.Path, "predict", "--model", fixture.Model, "--input", DiabetesModelFixture.DiabetesCsv);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var predicted = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var targets = File.ReadLines(DiabetesModelFixture.DiabetesCsv).Skip(1)
            .Select(l => double.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(442, predicted.Length);
        Assert.Equal(442, targets.Length);

        // The saved model predicts raw units (the target scaling is folded into its last layer): its
        // predictions spread like the targets (25..346), not like standardized values.
        Assert.InRange(predicted.Average(), 100, 200);
        double rmse = Math.Sqrt(predicted.Zip(targets, (y, t) => (y - t) * (y - t)).Average());
        double mae = predicted.Zip(targets, (y, t) => Math.Abs(y - t)).Average();
        double mean = targets.Average();
        double r2 = 1 - predicted.Zip(targets, (y, t) => (y - t) * (y - t)).Sum() / targets.Sum(t => (t - mean) * (t - mean));
        // predict prints 6 significant digits: a relative error of 5e-6 per value at most.
        Assert.Equal(rmse, test.GetProperty("rmse").GetDouble(), rmse * 1e-5);
        Assert.Equal(mae, test.GetProperty("mae").GetDouble(), mae * 1e-5);
        Assert.Equal(r2, test.GetProperty("r2").GetDouble(), 1e-5);
        Assert.Equal(442, test.GetProperty("rows").GetInt32());
    }

    [Fact]
    public void Evaluate_json_for_a_classification_model_gives_the_accuracy()
    {
        using var folder = new TempFolder();
        var train = Tool.Run(folder.Path, "train", "--data", "iris", "--layers", "8", "--epochs", "5", "--out", folder.File("i.snn"), "--json");
        var json = OneObject(train);
        Assert.Equal("classification", json.GetProperty("task").GetString());
        Assert.Equal(30, json.GetProperty("test").GetProperty("rows").GetInt32());
        var evaluate = OneObject(Tool.Run(folder.Path, "evaluate", "--model", folder.File("i.snn"), "--data", "iris", "--json"));
        Assert.Equal(json.GetProperty("test").GetProperty("accuracy").GetDouble(), evaluate.GetProperty("test").GetProperty("accuracy").GetDouble());
        Assert.False(evaluate.GetProperty("test").TryGetProperty("r2", out _));
    }

    [Fact]
    public void A_csv_file_trains_as_regression_with_task_regression()
    {
        var run = Tool.Run(fixture.Folder.Path, "train", "--data", DiabetesModelFixture.DiabetesCsv, "--task", "regression", "--layers", "none",
            "--epochs", "5", "--loss", "huber", "--out", fixture.Folder.File("csv.snn"), "--json");
        var json = OneObject(run);
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.Equal(88, json.GetProperty("test").GetProperty("rows").GetInt32());
    }

    [Fact]
    public void Mismatched_tasks_and_losses_are_usage_errors()
    {
        string folder = fixture.Folder.Path;
        Tool.AssertRefused(Tool.Run(folder, "train", "--data", "iris", "--task", "regression"), 2, "--data iris is a classification data set; it cannot be used for regression");
        Tool.AssertRefused(Tool.Run(folder, "train", "--data", "diabetes", "--loss", "ce"), 2, "--loss ce is a classification loss; regression takes --loss mse, l1 or huber");
        Tool.AssertRefused(Tool.Run(folder, "train", "--data", "iris", "--loss", "l1"), 2, "--loss l1 is a regression loss");
        Tool.AssertRefused(Tool.Run(folder, "evaluate", "--model", fixture.Model, "--data", "iris"), 2, "--data iris is a classification data set");
        Tool.AssertRefused(Tool.RunWith(folder, null, "1,2,3,4,5,6,7,8,9,10\n", "predict", "--model", fixture.Model, "--class"), 2, "is a regression model");
    }
}
