using System.Text.Json;
using Nn.Dense;
using Nn.Training;
using Spectre.Console;
using SimdNn.Cli.Data;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>
/// The `--json` output of `train` and `evaluate`: exactly one JSON object on stdout (the human output
/// goes to stderr, <see cref="HumanConsole"/>), written with Utf8JsonWriter (no reflection, so AOT-safe):
/// <code>
/// {"task":"regression","model":"out/m.snn","data":"diabetes","test":{"rows":88,"rmse":53.1,"mae":42.0,"r2":0.47}}
/// {"task":"classification","model":"out/m.snn","data":"iris","test":{"rows":30,"accuracy":0.967}}
/// </code>
/// `train` adds "epochs" (run), "best_epoch" (kept) and "stopped" (max-epochs, tolerance, cancelled,
/// diverged); `quantize` adds "out", "format" and the weight bytes, and in "test" the float model's scores and the
/// top-1 agreement. A number that is not finite is written as null.
/// </summary>
internal static class JsonReport
{
    /// <summary>Where the human output goes with --json: stderr, so stdout holds the JSON alone.</summary>
    public static IAnsiConsole HumanConsole { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>`train --json`.</summary>
    public static void Write(ModelTask task, string model, string data, TrainingHistory history, Evaluation? evaluation, RegressionScores? scores) =>
        Write(task, model, data, evaluation, scores, json =>
        {
            json.WriteNumber("epochs", history.Epochs.Count);
            json.WriteNumber("best_epoch", history.BestEpoch);
            json.WriteString("stopped", history.StopReason switch
            {
                StopReason.Tolerance => "tolerance",
                StopReason.Cancelled => "cancelled",
                StopReason.Diverged => "diverged",
                _ => "max-epochs",
            });
        });

    /// <summary>
    /// `evaluate --json`: "test" holds the scores of the rows evaluated. <paramref name="more"/> adds fields before
    /// "test", <paramref name="moreTest"/> inside it; without <paramref name="data"/> (quantize with no --data) there is no "data" nor "test".
    /// </summary>
    public static void Write(ModelTask task, string model, string? data, Evaluation? evaluation, RegressionScores? scores,
        Action<Utf8JsonWriter>? more = null, Action<Utf8JsonWriter>? moreTest = null)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            json.WriteString("task", DataSources.TaskName(task));
            json.WriteString("model", model);
            if (data is not null) json.WriteString("data", data);
            more?.Invoke(json);
            if (data is not null)
            {
                json.WriteStartObject("test");
                if (evaluation is not null)
                {
                    json.WriteNumber("rows", evaluation.Samples);
                    Number(json, "accuracy", evaluation.Accuracy);
                }

                if (scores is { } s)
                {
                    json.WriteNumber("rows", s.Rows);
                    Number(json, "rmse", s.RootMeanSquaredError);
                    Number(json, "mae", s.MeanAbsoluteError);
                    Number(json, "r2", s.RSquared);
                }

                moreTest?.Invoke(json);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }

    /// <summary>A number, or null when it is not finite (JSON has no NaN).</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
