using System.Globalization;
using Nn.Dense;
using Nn.Training;
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
        var console = request.Json ? JsonReport.HumanConsole : CommandLine.Out;
        var source = DataSources.Load(request.Data, request.Task, request.Test);
        var settings = WithTask(request, source.Task);
        if (settings.Scaling == InputScaling.Auto) settings = settings with { Scaling = source.Scaling };
        bool regression = settings.Task == ModelTask.Regression;
        string modelPath = request.Out ?? Path.Combine("out", source.Name + ".snn");
        string plotPath = request.Plot ?? Path.Combine(Path.GetDirectoryName(modelPath) ?? "", Path.GetFileNameWithoutExtension(modelPath) + "-loss.png");
        TrainChecks.OutputNames(request.Data, modelPath, plotPath);
        OutputPaths.RequireDistinct(("--test", request.Test), ("--out", modelPath), ("--plot", plotPath));
        ThreadSettings.Apply(request.Threads);

        var (train, test) = DataSources.TrainTest(source, request.TestFraction, settings.Seed);
        if (!regression && train.ClassCount < 2) throw CliException.DataError($"{source.Description}: training needs at least two classes, found {train.ClassCount}");
        int outputs = regression ? train.TargetCount : train.ClassCount;
        TrainChecks.ModelSize(settings, train.FeatureCount, outputs);
        if (!regression) TrainChecks.Labels(source, train.ClassNames);
        int validationRows = TrainChecks.Splits(source, train, test, request.TestFraction, settings);
        TrainChecks.PrepareOutputs(modelPath, plotPath);
        string shape = string.Join('-', new[] { train.FeatureCount }.Concat(settings.HiddenLayers).Append(outputs));
        console.MarkupLineInterpolated($"[bold]simd-nn train[/]: MLP {shape} ({Hidden(settings)}, {Name(settings.OutputActivation)} output) on {source.Description}");
        console.MarkupLineInterpolated($"  {train.Samples - validationRows} training rows, {validationRows} validation rows, {test.Samples} test rows; {Name(settings.Loss)} loss{(regression ? " on standardized targets" : "")}, {Name(settings.Optimizer)} lr {settings.LearningRate.ToString("g3", CultureInfo.InvariantCulture)}, batch {settings.BatchSize}, up to {settings.Epochs} epochs, seed {settings.Seed}");
        console.MarkupLineInterpolated($"  kernels: {Isa.Describe()} (cap with {Isa.MaxVectorBitsVariable}); Ctrl+C stops after the current batch and keeps the best model");

        using var interrupt = new CtrlC(cancellation);
        var (network, history) = TrainingProgress.Show(console, settings.Epochs,
            progress => TrainingRun.Run(train, settings, progress, interrupt.Token));
        bool interrupted = history.StopReason == StopReason.Cancelled;
        string? diverged = history.Divergence is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"training diverged at epoch {at.Epoch}, batch {at.Batch} (loss {at.Loss}); try a lower --lr (now {settings.LearningRate:g3})")
            : null;
        if (history.Epochs.Count == 0 || history.BestEpoch == 0)
        {
            Console.Error.WriteLine($"simd-nn: {diverged ?? "training stopped before the first epoch finished"}; no model saved");
            return interrupted ? ExitCodes.Interrupted : ExitCodes.Data;
        }

        if (NonFiniteParameters.Find(network) is { } bad)
        {
            // The best epoch is kept, and every epoch's loss was finite, yet a weight is not: never save such a model.
            throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                $"training diverged: the model has {bad}; no model saved; try a lower --lr (now {settings.LearningRate:g3})"));
        }

        var trained = new FloatModel(network);
        var evaluation = regression ? null : Evaluation.Run(trained, train.ClassNames, test, source.Name + " test rows", modelPath);
        var scores = regression ? RegressionResults.Run(trained, test, source.Name + " test rows", modelPath) : (RegressionScores?)null;
        ModelFile.Save(network, regression ? null : train.ClassNames, settings.Task, modelPath);
        bool plotted = TrySavePlot(history, $"MLP {shape} on {source.Name}", plotPath);

        console.Write(Summary(history, evaluation, scores));
        if (evaluation is not null) console.Write(Tables.Confusion(evaluation));
        if (settings.Activation == Nn.Dense.Activation.Relu) ReportDeadUnits(console, network, train);
        if (evaluation is not null) console.MarkupLineInterpolated($"[bold]test accuracy: {Tables.Percent(evaluation.Accuracy)}[/] ({evaluation.Correct} of {evaluation.Samples} test rows)");
        if (scores is { } s) console.MarkupLine($"[bold]test {Markup.Escape(RegressionResults.Describe(s))}[/] ({s.Rows} test rows)");
        console.MarkupLineInterpolated($"saved model:      {Path.GetFullPath(modelPath)}");
        if (plotted) console.MarkupLineInterpolated($"saved loss curve: {Path.GetFullPath(plotPath)}");
        string check = source.TestFile is { } testFile ? $"simd-nn evaluate --model {modelPath} --data {testFile} --all"
            : source.Test is null
            ? $"simd-nn evaluate --model {modelPath} --data {request.Data} --seed {settings.Seed}" + (request.TestFraction == SplitOptions.DefaultTestFraction ? "" : $" --test-fraction {request.TestFraction.ToString(CultureInfo.InvariantCulture)}")
            : $"simd-nn evaluate --model {modelPath} --data {request.Data}";
        console.MarkupLineInterpolated($"check it:         {check}");
        if (request.Json) JsonReport.Write(settings.Task, modelPath, source.Name, history, evaluation, scores);
        if (diverged is not null)
        {
            // The saved model is the best finite epoch's, but the run did not do what was asked: scripts must not take it for success.
            Console.Error.WriteLine($"simd-nn: {diverged}; saved the model of epoch {history.BestEpoch}, the best before that");
            return ExitCodes.Data;
        }

        return interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>The model is already saved; a machine that cannot render the PNG (no usable font, say) gets a warning, not a failed run.</summary>
    private static bool TrySavePlot(TrainingHistory history, string title, string plotPath)
    {
        try
        {
            LossCurvePlot.Save(history.Epochs, history.BestEpoch, title, plotPath);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"simd-nn: warning: could not write the loss curve {plotPath}: {e.Message}");
            return false;
        }
    }

    /// <summary>The task (asked for, else the data set's) and the loss (asked for, else the task's default), checked to go together.</summary>
    private static TrainSettings WithTask(TrainRequest request, ModelTask dataTask)
    {
        var task = request.Task ?? dataTask;
        bool regression = task == ModelTask.Regression;
        var loss = request.Loss ?? (regression ? LossKind.MeanSquaredError : LossKind.CrossEntropy);
        // mse suits both tasks; the others only one.
        if (regression ? loss is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy : loss is LossKind.L1 or LossKind.Huber)
        {
            string option = loss switch { LossKind.CrossEntropy => "ce", LossKind.BinaryCrossEntropy => "bce", LossKind.L1 => "l1", _ => "huber" };
            throw CliException.UsageError(regression
                ? $"--loss {option} is a classification loss; regression takes --loss mse, l1 or huber"
                : $"--loss {option} is a regression loss; classification takes --loss ce, bce or mse (or pass --task regression)");
        }

        return request.Settings with { Task = task, Loss = loss };
    }

    private static Table Summary(TrainingHistory history, Evaluation? evaluation, RegressionScores? scores)
    {
        var last = history.Epochs[^1];
        var best = history.Epochs[history.BestEpoch - 1];
        var table = new Table { Title = new TableTitle("summary") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.HideHeaders();
        table.AddRow("epochs run", history.Epochs.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("stopped because", Markup.Escape(Describe(history.StopReason, history.Epochs.Count)));
        table.AddRow("model kept from epoch", $"{history.BestEpoch} (lowest {(best.ValidationLoss.HasValue ? "validation" : "training")} loss)");
        if (evaluation is not null)
        {
            table.AddRow("training loss / accuracy", string.Create(CultureInfo.InvariantCulture, $"{best.TrainLoss:F4} / {Tables.Percent(best.TrainAccuracy)}"));
            if (best.ValidationLoss is { } vl) table.AddRow("validation loss / accuracy", string.Create(CultureInfo.InvariantCulture, $"{vl:F4} / {Tables.Percent(best.ValidationAccuracy!.Value)}"));
            table.AddRow($"test accuracy ({evaluation.Samples} rows)", $"[bold]{Tables.Percent(evaluation.Accuracy)}[/]");
        }

        if (scores is { } s)
        {
            table.AddRow("training loss (standardized)", best.TrainLoss.ToString("F4", CultureInfo.InvariantCulture));
            if (best.ValidationLoss is { } vl) table.AddRow("validation loss (standardized)", vl.ToString("F4", CultureInfo.InvariantCulture));
            table.AddRow($"test ({s.Rows} rows)", $"[bold]{Markup.Escape(RegressionResults.Describe(s))}[/]");
        }

        table.AddRow("training time", string.Create(CultureInfo.InvariantCulture, $"{last.Elapsed.TotalSeconds:F2} s"));
        double meanRate = history.Epochs.Where(h => double.IsFinite(h.SamplesPerSecond)).Select(h => h.SamplesPerSecond).DefaultIfEmpty(0).Average();
        table.AddRow("training speed", string.Create(CultureInfo.InvariantCulture, $"{meanRate:N0} samples/s"));
        return table;
    }

    private static string Describe(StopReason reason, int epochs) => reason switch
    {
        StopReason.MaxEpochs => $"ran all {epochs} epochs",
        StopReason.Tolerance => "the training loss changed less than --tolerance",
        StopReason.Diverged => "the loss became NaN or infinite (try a smaller --lr)",
        StopReason.Cancelled => "interrupted (Ctrl+C)",
        var other => other.ToString(),
    };

    private static void ReportDeadUnits(IAnsiConsole console, Nn.Dense.Network network, Dataset train)
    {
        foreach (var layer in DeadReluReport.Analyze(network, train).Layers)
        {
            int dead = layer.DeadUnits.Count;
            string colour = dead == 0 ? "green" : layer.DeadFraction > 0.1 ? "yellow" : "default";
            console.MarkupLineInterpolated($"[{colour}]dead ReLU units: hidden layer {layer.Layer + 1}: {dead} of {layer.Units} never fire on the training rows[/]");
        }
    }

    /// <summary>"relu hidden", with " with batch normalization and dropout 0.2" when the hidden layers have them.</summary>
    private static string Hidden(TrainSettings settings)
    {
        var extras = new List<string>();
        if (settings.Normalization != Normalization.None) extras.Add($"{settings.Normalization.ToString().ToLowerInvariant()} normalization");
        if (settings.DropoutRate > 0) extras.Add(string.Create(CultureInfo.InvariantCulture, $"dropout {settings.DropoutRate:g}"));
        return $"{Name(settings.Activation)} hidden" + (extras.Count == 0 ? "" : " with " + string.Join(" and ", extras));
    }

    private static string Name(Nn.Dense.Activation activation) => activation switch
    {
        Nn.Dense.Activation.LeakyRelu => "leaky-relu",
        _ => activation.ToString().ToLowerInvariant(),
    };

    private static string Name(LossKind loss) => loss switch
    {
        LossKind.CrossEntropy => "cross-entropy",
        LossKind.BinaryCrossEntropy => "binary cross-entropy",
        LossKind.L1 => "L1 (mean absolute error)",
        LossKind.Huber => "Huber",
        _ => "mean squared error",
    };

    private static string Name(OptimizerKind optimizer) => optimizer == OptimizerKind.Sgd ? "SGD" : "Adam";
}
