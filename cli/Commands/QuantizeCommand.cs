using System.CommandLine;
using System.Globalization;
using Nn.Dense;
using Spectre.Console;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;
using SimdNn.Cli.Rendering;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Commands;

/// <summary>
/// `simd-nn quantize`: a float model's inference copy with int8 or bfloat16 weights (Network.Quantize, labels and
/// task carried), saved atomically; reports the weight bytes before and after and, with --data, both models'
/// scores on the rows `evaluate` would pick and how often their top-1 classes agree.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The float32 model to quantize: a simd-nn model (.snn, as written by train) or an ONNX model (.onnx), told apart by content", Required = true };
        var format = new Option<string>("--format") { Description = "int8 (a quarter of the weight bytes: per-output scales, activations quantized per row) or bf16 (half: bfloat16 weights, float32 sums)", Required = true }
            .Require(f => Parse(f) is not null, "must be int8 or bf16");
        var output = new Option<string>("--out") { Description = "Quantized model file to write (atomically); must differ from --model", Required = true };
        var data = new EvaluationOptions(dataRequired: false, "Score the quantized and the float model on this data set (as evaluate does): digits, iris, fashion-mnist, PATH.csv or a folder of IDX files");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the sizes (and scores) on stdout (human output goes to stderr)" };
        var command = new Command("quantize", "Write a copy of a model with int8 or bfloat16 weights for faster inference; with --data, compare its accuracy (RMSE) and top-1 agreement with the float model's")
        {
            model, format, output,
        };
        foreach (var option in data.Options) command.Options.Add(option);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, path = parse.GetValue(output)!;
            var weightFormat = Parse(parse.GetValue(format)!)!.Value;
            OutputPaths.RequireFileName("--out", path);
            OutputPaths.RequireDistinct(("--model", modelPath), ("--out", path));
            OutputPaths.RequireExtension("--out", path, "a quantized model", ".onnx", ".png", ".svg", ".csv", ".gz");
            var loaded = ModelFiles.Load(modelPath);
            var network = loaded.RequireFloat(modelPath, "it is already quantized; quantize takes the float32 model it was made from");
            if (loaded.Model.FindNonFinite() is { } bad) throw CliException.DataError($"{modelPath} has {bad}; it cannot be quantized (retrain, e.g. with a lower --lr)");
            var rows = data.Pick(parse, loaded.Task);
            var quantized = Quantize(network, weightFormat, loaded, modelPath);
            var original = loaded.Model;
            var result = new QuantizedModel(quantized);
            // Scored before saving, so that data which does not fit the model leaves no file behind.
            var comparison = rows is null ? null
                : QuantizationComparison.Run(result, original, loaded.ClassLabels, loaded.Task, rows.Rows, rows.Source.Name, modelPath);
            OutputPaths.Prepare("--out", path);
            Save(quantized, path);

            var console = parse.GetValue(json) ? JsonReport.HumanConsole : CommandLine.Out;
            string name = QuantizedModel.FormatName(weightFormat);
            console.MarkupLineInterpolated($"[bold]simd-nn quantize[/]: {modelPath} ({DataSources.TaskName(loaded.Task)}, {Shape(original)}) to {name}");
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"weights: {original.WeightBytes:N0} bytes in float32 -> {result.WeightBytes:N0} bytes in {name} ({(double)original.WeightBytes / result.WeightBytes:F2}x fewer); biases and normalization stay float32");
            console.MarkupLineInterpolated($"saved quantized model: {Path.GetFullPath(path)} ({new FileInfo(path).Length:N0} bytes)");
            if (rows is not null) console.MarkupLineInterpolated($"on {rows.Source.Description}: {rows.Which}");
            if (comparison is not null) Report(console, comparison, name);
            if (parse.GetValue(json)) WriteJson(loaded.Task, modelPath, path, name, original, result, rows?.Source.Name, comparison);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The command-line spellings of the formats quantize writes (case-insensitive); null for anything else.</summary>
    private static WeightFormat? Parse(string format) => format.ToLowerInvariant() switch
    {
        "int8" => WeightFormat.Int8,
        "bf16" or "bfloat16" => WeightFormat.BFloat16,
        _ => null,
    };

    private static string Shape(InferenceModel model) => string.Join('-', [model.InputSize, .. model.Layers.Select(layer => layer.Outputs)]);

    private static QuantizedNetwork Quantize(Network network, WeightFormat format, LoadedModel loaded, string modelPath)
    {
        try
        {
            return network.Quantize(format, loaded.ClassLabels, loaded.Task);
        }
        catch (ArgumentException e)
        {
            // E.g. an int8 layer wider than its int32 sums allow: the library's sentence, without the parameter name.
            string reason = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw CliException.DataError($"{modelPath} cannot be quantized to {QuantizedModel.FormatName(format)}: {reason}", e);
        }
    }

    private static void Save(QuantizedNetwork quantized, string path)
    {
        try
        {
            // Save(path) writes a temporary file beside the target and renames it over: never a half-written model.
            quantized.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.DataError($"--out {path}: cannot write the quantized model: {e.Message}", e);
        }
    }

    private static void Report(IAnsiConsole console, QuantizationComparison comparison, string name)
    {
        if (comparison.QuantizedScores is { } quantizedScores && comparison.FloatScores is { } floatScores)
        {
            console.MarkupLineInterpolated($"[bold]{name}: {RegressionResults.Describe(quantizedScores)}[/] ({quantizedScores.Rows} rows)");
            console.MarkupLineInterpolated($"float32: {RegressionResults.Describe(floatScores)}");
            return;
        }

        var quantized = comparison.Quantized!;
        var original = comparison.Float!;
        console.MarkupLineInterpolated($"[bold]accuracy {name}: {Tables.Percent(quantized.Accuracy)}[/] ({quantized.Correct} of {quantized.Samples})");
        console.MarkupLineInterpolated($"accuracy float32: {Tables.Percent(original.Accuracy)} ({original.Correct} of {original.Samples})");
        console.MarkupLineInterpolated($"[bold]agreement: {Tables.Percent(comparison.Agreement)}[/] ({comparison.Agreeing} of {comparison.Rows} rows have the same top-1 class in both)");
    }

    private static void WriteJson(ModelTask task, string modelPath, string path, string name, InferenceModel original, InferenceModel result, string? dataName, QuantizationComparison? comparison) =>
        JsonReport.Write(task, modelPath, dataName, comparison?.Quantized, comparison?.QuantizedScores,
            json =>
            {
                json.WriteString("out", path);
                json.WriteString("format", name);
                json.WriteNumber("weight_bytes", result.WeightBytes);
                json.WriteNumber("float32_weight_bytes", original.WeightBytes);
            },
            json =>
            {
                if (comparison?.Float is { } floatEvaluation)
                {
                    JsonReport.Number(json, "float32_accuracy", floatEvaluation.Accuracy);
                    JsonReport.Number(json, "agreement", comparison.Agreement);
                }

                if (comparison?.FloatScores is { } floatScores)
                {
                    JsonReport.Number(json, "float32_rmse", floatScores.RootMeanSquaredError);
                    JsonReport.Number(json, "float32_mae", floatScores.MeanAbsoluteError);
                    JsonReport.Number(json, "float32_r2", floatScores.RSquared);
                }
            });
}
