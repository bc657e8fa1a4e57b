using System.Globalization;
using Nn.Dense;
using Nn.Training;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Commands;

/// <summary>
/// What `train` checks after loading the data and before training, so that a run that cannot end
/// well fails in seconds with a message saying what to change: the output paths, the size of the
/// model against the model-file limit, and the sizes of the test, validation and training parts.
/// </summary>
internal static class TrainChecks
{
    /// <summary>The loss-curve formats: the extension of --plot picks one.</summary>
    public static readonly string[] PlotExtensions = [".png", ".svg"];

    /// <summary>The output names alone (touches nothing): file names, distinct from each other and from the data file, extensions that match.</summary>
    public static void OutputNames(string data, string modelPath, string plotPath)
    {
        OutputPaths.RequireFileName("--out", modelPath);
        OutputPaths.RequireFileName("--plot", plotPath);
        OutputPaths.RequireDistinct(("--data", File.Exists(data) ? data : null), ("--out", modelPath), ("--plot", plotPath));
        OutputPaths.RequireExtension("--out", modelPath, "a simd-nn model file (.snn)", ".onnx", ".png", ".svg", ".csv", ".gz");
        if (!PlotExtensions.Contains(Path.GetExtension(plotPath).ToLowerInvariant()))
        {
            throw CliException.UsageError($"--plot {plotPath}: the loss curve is written as PNG or SVG, chosen by the extension; name a .png or .svg file");
        }
    }

    /// <summary>Creates the output folders and proves them writable: the last check, so a refused run leaves no folder behind.</summary>
    public static void PrepareOutputs(string modelPath, string plotPath)
    {
        OutputPaths.Prepare("--out", modelPath);
        OutputPaths.Prepare("--plot", plotPath);
    }

    /// <summary>The network must fit a model file (<see cref="ModelFile.MaxParameters"/>, <see cref="ModelFile.MaxLayers"/>), or it could be trained but never saved.</summary>
    public static void ModelSize(TrainSettings settings, int features, int classes)
    {
        int[] sizes = [features, .. settings.HiddenLayers, classes];
        string layers = settings.HiddenLayers.Count == 0 ? "none" : string.Join(',', settings.HiddenLayers);
        if (sizes.Length - 1 > ModelFile.MaxLayers)
        {
            throw CliException.UsageError($"--layers: {sizes.Length - 1} layers; a model file holds at most {ModelFile.MaxLayers} (ModelFile.MaxLayers)");
        }

        if (!ModelFile.Fits(sizes, out long parameters))
        {
            throw CliException.UsageError(string.Create(CultureInfo.InvariantCulture,
                $"--layers {layers}: the network {string.Join('-', sizes)} has {parameters:N0} parameters; a model file holds at most {ModelFile.MaxParameters:N0} (ModelFile.MaxParameters) in layers up to {ModelFile.MaxLayerWidth:N0} wide; use fewer or narrower layers"));
        }
    }

    /// <summary>The class names become the model's labels: each must fit a model file (<see cref="ModelFile.MaxLabelBytes"/>).</summary>
    public static void Labels(DataSource source, IReadOnlyList<string> classNames)
    {
        for (int i = 0; i < classNames.Count; i++)
        {
            int bytes = System.Text.Encoding.UTF8.GetByteCount(classNames[i]);
            if (bytes > ModelFile.MaxLabelBytes)
            {
                throw CliException.DataError($"{source.Description}: class {i} is named by {bytes} bytes of text; a model file keeps class labels of at most {ModelFile.MaxLabelBytes} bytes (ModelFile.MaxLabelBytes)");
            }
        }
    }

    /// <summary>Every part of the split gets at least one row; returns the number of validation rows.</summary>
    public static int Splits(DataSource source, Dataset train, Dataset test, double testFraction, TrainSettings settings)
    {
        string fraction = testFraction.ToString("g", CultureInfo.InvariantCulture);
        if (source.Test is null)
        {
            int rows = source.TrainOrAll.Samples;
            if (test.Samples == 0)
            {
                throw CliException.DataError($"{source.Description}: --test-fraction {fraction} of its {rows} rows rounds to no test row in any class; " +
                    "use a larger --test-fraction or more rows (a class gives a test row when its rows × fraction is at least 0.5)");
            }

            if (train.Samples == 0)
            {
                throw CliException.DataError($"{source.Description}: --test-fraction {fraction} holds out all {rows} rows as test rows and leaves none to train on; use a smaller --test-fraction");
            }
        }

        int validation = settings.ValidationFraction > 0 ? DatasetSplit.Holdout(train, settings.ValidationFraction, settings.Seed + 1).Test.Samples : 0;
        if (validation >= train.Samples)
        {
            throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                $"{source.Description}: --validation {settings.ValidationFraction:g} takes all {train.Samples} training rows ({test.Samples} more are test rows) and leaves none to fit; use a smaller --validation, or --validation 0"));
        }

        return validation;
    }
}
