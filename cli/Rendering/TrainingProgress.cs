using System.Globalization;
using Spectre.Console;
using Nn.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>
/// Shows training progress: a live Spectre progress bar on a terminal, or one plain line per
/// epoch (at most about 15 lines) when stdout is redirected, so logs and transcripts stay readable.
/// </summary>
internal static class TrainingProgress
{
    public static T Show<T>(IAnsiConsole console, int epochs, Func<Action<EpochReport>, T> run)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            T result = default!;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("starting", maxValue: epochs);
                    result = run(stats =>
                    {
                        task.Description = Markup.Escape(Line(stats));
                        task.Value = stats.Epoch;
                    });
                    task.StopTask();
                });
            return result;
        }

        int every = Math.Max(1, (int)Math.Ceiling(epochs / 15.0));
        EpochReport? lastPrinted = null;
        EpochReport? last = null;
        var value = run(stats =>
        {
            last = stats;
            if (stats.Epoch == 1 || stats.Epoch % every == 0 || stats.Epoch == stats.Epochs)
            {
                console.WriteLine("  " + Line(stats));
                lastPrinted = stats;
            }
        });
        if (last is { } final && !Equals(last, lastPrinted)) console.WriteLine("  " + Line(final));
        return value;
    }

    private static string Line(EpochReport s)
    {
        // A regression run has no accuracy (NaN): its lines show the losses alone.
        bool accuracy = !double.IsNaN(s.TrainAccuracy);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"epoch {s.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(s.Epochs.ToString(CultureInfo.InvariantCulture).Length)}/{s.Epochs}  loss {s.TrainLoss:F4}");
        if (accuracy) text += string.Create(CultureInfo.InvariantCulture, $"  acc {100 * s.TrainAccuracy:F2}%");
        if (s.ValidationLoss is { } vl)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  val loss {vl:F4}");
            if (accuracy) text += string.Create(CultureInfo.InvariantCulture, $"  val acc {100 * s.ValidationAccuracy!.Value:F2}%");
        }

        return text + string.Create(CultureInfo.InvariantCulture, $"  {s.SamplesPerSecond,9:N0} samples/s");
    }
}
