using System.CommandLine;
using System.Globalization;
using Nn.Dense;
using Spectre.Console;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;
using SimdNn.Cli.Rendering;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn info`: architecture, parameter count, file format version, checksum.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelFiles.Accepted, Required = true };
        var command = new Command("info", "Show a model's architecture, parameter count, weight format and bytes of a quantized model, file version (or ONNX opset and producer) and checksum status; exit 1 if a parameter is NaN or infinite") { model };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            // Load checks magic, version, sizes and the checksum; it throws before we print anything.
            var loaded = ModelFiles.Load(path);
            var (runnable, labels) = loaded;
            var console = CommandLine.Out;
            var table = new Table { Title = new TableTitle($"{Markup.Escape(Path.GetFileName(path))}: {runnable.InputSize} inputs, {runnable.OutputSize} outputs") };
            table.Border(TableBorder.Rounded);
            table.AddColumn("layer");
            table.AddColumn(new TableColumn("inputs").RightAligned());
            table.AddColumn(new TableColumn("outputs").RightAligned());
            table.AddColumn("activation");
            // Only a model that has them gets the two columns, so every other model's table reads as before.
            bool extras = runnable.Layers.Any(l => l.Normalization != Normalization.None || l.DropoutRate > 0);
            if (extras)
            {
                table.AddColumn("normalization");
                table.AddColumn(new TableColumn("dropout").RightAligned());
            }

            table.AddColumn(new TableColumn("parameters").RightAligned());
            long total = 0;
            for (int i = 0; i < runnable.Layers.Count; i++)
            {
                var layer = runnable.Layers[i];
                total += layer.Parameters;
                string activation = layer.Activation == Nn.Dense.Activation.LeakyRelu && layer.ActivationParameter is { } slope
                    ? $"LeakyRelu (slope {slope.ToString(CultureInfo.InvariantCulture)})"
                    : layer.Activation.ToString();
                var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), layer.Inputs.ToString(CultureInfo.InvariantCulture), layer.Outputs.ToString(CultureInfo.InvariantCulture), activation };
                if (extras) cells.AddRange([Describe(layer.Normalization), layer.DropoutRate > 0 ? layer.DropoutRate.ToString(CultureInfo.InvariantCulture) : "none"]);
                cells.Add(layer.Parameters.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow(cells.ToArray());
            }

            console.Write(table);
            var file = new FileInfo(path);
            if (loaded.Quantized)
            {
                long floatBytes = sizeof(float) * runnable.Layers.Sum(l => (long)l.Inputs * l.Outputs);
                console.MarkupLineInterpolated($"weights: {runnable.Kind}, {runnable.WeightBytes:N0} bytes ({floatBytes:N0} in float32); biases and normalization float32");
                console.MarkupLineInterpolated($"parameters: {total:N0}");
            }
            else
            {
                console.MarkupLineInterpolated($"parameters: {total:N0} ({4 * total:N0} bytes of float32)");
            }

            console.MarkupLineInterpolated($"task: {DataSources.TaskName(loaded.Task)}{(loaded.FromOnnx ? " (inferred: ONNX records none)" : "")}");
            if (labels is not null) console.MarkupLineInterpolated($"class labels: {Tables.LabelList(labels)}");
            else if (loaded.FromOnnx) console.MarkupLine("class labels: none in an ONNX model (predict --class prints output indices)");
            console.MarkupLineInterpolated($"file: {file.FullName}, {file.Length:N0} bytes, {loaded.Format}");
            console.MarkupLine(loaded.FromOnnx ? "checksum: none (ONNX files carry none); imported as the dense layers above" : "checksum: [green]OK[/]");
            if (runnable.FindNonFinite() is { } bad)
            {
                // The file is intact but unusable: every prediction through those layers is NaN.
                console.MarkupLineInterpolated($"parameters: [red]{bad}[/]");
                throw CliException.DataError($"{path} has {bad}; its predictions are NaN (retrain, e.g. with a lower --lr)");
            }

            console.MarkupLine("parameters: [green]all finite[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(Normalization normalization) => normalization switch
    {
        Normalization.Batch => "batch (γ, β, running mean and variance)",
        Normalization.Layer => "layer (γ, β)",
        _ => "none",
    };
}
