using System.Globalization;
using Numerics.Simd;
using Spectre.Console;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;
using SimdNn.Cli.Rendering;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Commands;

/// <summary>Runs `train`: load, split, fit with live progress, evaluate on the test rows, save the model and the plot.</summary>
internal static class TrainAction
{
    public static int Run(TrainRequest request, CancellationToken cancellation)
    {
        var console = CommandLine.Out;
        var settings = request.Settings;
        var source = DataSources.Load(request.Data);
        string dataName = DataName(request.Data);
        string modelPath = request.Out ?? Path.Combine("out", dataName + ".snn");
        string plotPath = request.Plot ?? Path.Combine(Path.GetDirectoryName(modelPath) ?? "", Path.GetFileNameWithoutExtension(modelPath) + "-loss.png");
        AtomicFile.EnsureWritableFolder(modelPath);
        AtomicFile.EnsureWritableFolder(plotPath);
        ThreadSettings.Apply(request.Threads);

        var (train, test) = Splits.TrainTest(source, request.TestFraction, settings.Seed);
        if (train.ClassCount < 2) throw CliException.DataError($"{source.Description}: training needs at least two classes, found {train.ClassCount}");
        string shape = string.Join('-', new[] { train.FeatureCount }.Concat(settings.HiddenLayers).Append(train.ClassCount));
        console.MarkupLineInterpolated($"[bold]simd-nn train[/]: MLP {shape} ({Name(settings.Activation)}, {Name(settings.OutputActivation)} output) on {source.Description}");
        int validationRows = (int)Math.Round(train.Samples * settings.ValidationFraction);
        console.MarkupLineInterpolated($"  {train.Samples - validationRows} training rows, {validationRows} validation rows, {test.Samples} test rows; {Name(settings.Loss)} loss, {Name(settings.Optimizer)} lr {settings.LearningRate:g3}, batch {settings.BatchSize}, up to {settings.Epochs} epochs, seed {settings.Seed}");
        console.MarkupLineInterpolated($"  kernels: {Isa.Describe()} (cap with {Isa.MaxVectorBitsVariable}); Ctrl+C stops after the current batch and keeps the best model");

        using var interrupt = new CtrlC(cancellation);
        var (network, outcome) = TrainingProgress.Show(console, settings.Epochs,
            progress => TrainingRun.Run(train, settings, progress, interrupt.Token));
        if (outcome.History.Count == 0 || outcome.BestEpoch == 0)
        {
            console.MarkupLine("[red]stopped before the first epoch finished; no model saved[/]");
            return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Data;
        }

        var evaluation = Evaluation.Run(network, test, modelPath);
        network.Save(modelPath);
        LossCurvePlot.Save(outcome.History, $"{shape} on {dataName}", plotPath);

        console.Write(Summary(outcome, evaluation, test));
        console.Write(Tables.Confusion(evaluation));
        if (settings.Activation == Nn.Dense.Activation.Relu) ReportDeadUnits(console, network, train);
        console.MarkupLineInterpolated($"[bold]test accuracy: {Tables.Percent(evaluation.Accuracy)}[/] ({evaluation.Correct} of {evaluation.Samples} test rows)");
        console.MarkupLineInterpolated($"saved model:      {Path.GetFullPath(modelPath)}");
        console.MarkupLineInterpolated($"saved loss curve: {Path.GetFullPath(plotPath)}");
        string check = source.Test is null
            ? $"simd-nn evaluate --model {modelPath} --data {request.Data} --seed {settings.Seed}" + (request.TestFraction == SplitOptions.DefaultTestFraction ? "" : $" --test-fraction {request.TestFraction.ToString(CultureInfo.InvariantCulture)}")
            : $"simd-nn evaluate --model {modelPath} --data {request.Data}";
        console.MarkupLineInterpolated($"check it:         {check}");
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static Table Summary(TrainingOutcome outcome, Evaluation evaluation, LabeledData test)
    {
        var last = outcome.History[^1];
        var best = outcome.History[outcome.BestEpoch - 1];
        var table = new Table { Title = new TableTitle("summary") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("epochs run", outcome.History.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("stopped because", Markup.Escape(outcome.StopReason));
        table.AddRow("model kept from epoch", $"{outcome.BestEpoch} (lowest {(best.ValidationLoss.HasValue ? "validation" : "training")} loss)");
        table.AddRow("training loss / accuracy", $"{best.TrainLoss:F4} / {Tables.Percent(best.TrainAccuracy)}");
        if (best.ValidationLoss is { } vl) table.AddRow("validation loss / accuracy", $"{vl:F4} / {Tables.Percent(best.ValidationAccuracy!.Value)}");
        table.AddRow($"test accuracy ({test.Samples} rows)", $"[bold]{Tables.Percent(evaluation.Accuracy)}[/]");
        table.AddRow("training time", $"{last.Elapsed.TotalSeconds:F2} s");
        double meanRate = outcome.History.Average(h => h.SamplesPerSecond);
        table.AddRow("training speed", $"{meanRate:N0} samples/s");
        return table;
    }

    private static void ReportDeadUnits(IAnsiConsole console, Nn.Dense.Network network, LabeledData train)
    {
        foreach (var layer in DeadUnits.Find(network, train))
        {
            string colour = layer.Dead == 0 ? "green" : layer.Dead * 10 > layer.Units ? "yellow" : "default";
            console.MarkupLineInterpolated($"[{colour}]dead ReLU units: hidden layer {layer.Layer}: {layer.Dead} of {layer.Units} never fire on the training rows[/]");
        }
    }

    private static string DataName(string spec) => spec.ToLowerInvariant() switch
    {
        "digits" or "iris" or "fashion-mnist" => spec.ToLowerInvariant(),
        _ => Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(spec).Replace(".csv.gz", "", StringComparison.OrdinalIgnoreCase)),
    };

    private static string Name(Nn.Dense.Activation activation) => activation switch
    {
        Nn.Dense.Activation.LeakyRelu => "leaky-relu",
        _ => activation.ToString().ToLowerInvariant(),
    };

    private static string Name(LossKind loss) => loss switch
    {
        LossKind.CrossEntropy => "cross-entropy",
        LossKind.BinaryCrossEntropy => "binary cross-entropy",
        _ => "mean squared error",
    };

    private static string Name(OptimizerKind optimizer) => optimizer == OptimizerKind.Sgd ? "SGD" : "Adam";
}
