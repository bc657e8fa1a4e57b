using Nn.Dense;
using Nn.Training;
using SimdNn.Cli.Files;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Data;

/// <summary>A data set as named on the command line: one table (split by seed) or a train and a test file.</summary>
internal sealed record DataSource(string Name, string Description, Dataset TrainOrAll, Dataset? Test)
{
    /// <summary>The file given as `train --test`, when the test rows come from it; null otherwise.</summary>
    public string? TestFile { get; init; }

    /// <summary>Classification (integer labels) or regression (real targets).</summary>
    public ModelTask Task => TrainOrAll.Task;

    /// <summary>
    /// What `--scaling auto` means for this source. Images are trained on as loaded (pixels / 255, the
    /// PyTorch recipe): standardizing them multiplies the inputs several-fold (far more for rarely lit
    /// border pixels), which under Adam's scale-free steps speeds up the first layer and overfits
    /// (perf/results/fashion-mnist-parity.md). Tables, whose columns have unrelated units, are standardized.
    /// </summary>
    public InputScaling Scaling { get; init; } = InputScaling.Standard;
}

/// <summary>
/// Resolves the --data argument: the embedded sets (digits, iris; diabetes, friedman1 for regression), Fashion-MNIST from the Debian
/// package's folder, a CSV file, or a folder of IDX files; loading is Nn.Training's CsvDataset and
/// IdxDataset, whose InvalidDataException messages name the file and line.
/// </summary>
internal static class DataSources
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Overrides the Fashion-MNIST folder (tests use it to simulate a machine without the package).</summary>
    public const string FashionMnistVariable = "SIMDNN_FASHION_MNIST_DIR";

    public const string Names = "digits, iris, diabetes, friedman1, fashion-mnist, a .csv file or a folder of IDX files";

    private static readonly string[] FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Loads the named data set. <paramref name="task"/> says how to read a CSV file's last column (null:
    /// classification); a built-in set has its own task, and asking it for the other is a usage error.
    /// </summary>
    public static DataSource Load(string spec, ModelTask? task = null)
    {
        var source = Named(spec, task ?? ModelTask.Classification);
        if (task is { } wanted && source.Task != wanted)
        {
            throw CliException.UsageError($"--data {spec} is a {TaskName(source.Task)} data set; it cannot be used for {TaskName(wanted)}");
        }

        return source;
    }

    /// <summary>The command-line spelling of a task.</summary>
    public static string TaskName(ModelTask task) => task == ModelTask.Regression ? "regression" : "classification";

    private static DataSource Named(string spec, ModelTask task)
    {
        switch (spec.ToLowerInvariant())
        {
            case "digits":
                return new DataSource("digits", "digits (embedded: 1797 8x8 handwritten digits)", Embedded("digits.csv.gz"), null);
            case "iris":
                return new DataSource("iris", "iris (embedded: 150 flowers, 4 measurements)", Embedded("iris.csv"), null);
            case "diabetes":
                return new DataSource("diabetes", "diabetes (embedded: 442 patients, 10 measurements, disease progression a year later)", Embedded("diabetes.csv", regression: true), null);
            case "friedman1":
                return new DataSource("friedman1", "friedman1 (embedded: 2000 rows of scikit-learn's make_friedman1, 10 features, noise 1)", Embedded("friedman1.csv", regression: true), null);
            case "fashion-mnist":
                string folder = Environment.GetEnvironmentVariable(FashionMnistVariable) ?? FashionMnistFolder;
                if (!Directory.Exists(folder) || FindIdx(folder, "train-images-idx3-ubyte") is null)
                {
                    throw CliException.DataError($"Fashion-MNIST is not installed in {folder}: install it with 'sudo apt-get install dataset-fashion-mnist' or pass --data PATH-to-a-folder-of-IDX-files");
                }

                return IdxFolder(folder, "fashion-mnist");
        }

        if (Directory.Exists(spec)) return IdxFolder(spec, Path.GetFileName(Path.TrimEndingDirectorySeparator(spec)));
        if (File.Exists(spec))
        {
            string name = Path.GetFileName(spec);
            name = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(name) : name;
            return new DataSource(Path.GetFileNameWithoutExtension(name), spec, Guard(spec, () => LoadCsv(spec, task == ModelTask.Regression)), null);
        }

        bool looksLikePath = spec.Contains('/', StringComparison.Ordinal) || spec.Contains('\\', StringComparison.Ordinal)
            || spec.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (looksLikePath) throw CliException.DataError($"data file not found: {spec}");
        throw CliException.UsageError($"unknown data set '{spec}': use {Names}");
    }

    /// <summary>
    /// <paramref name="spec"/> as <see cref="Load(string, ModelTask?)"/>, with the test rows taken from
    /// <paramref name="testFile"/> (a CSV file of the same task) instead of the source's split or its own test set.
    /// </summary>
    public static DataSource Load(string spec, ModelTask? task, string? testFile)
    {
        var source = Load(spec, task);
        if (testFile is null) return source;
        if (Directory.Exists(testFile)) throw CliException.DataError($"--test {testFile} is a folder; give a CSV file");
        if (!File.Exists(testFile)) throw CliException.DataError($"test file not found: {testFile}");
        var rows = Guard(testFile, () => LoadCsv(testFile, source.Task == ModelTask.Regression));
        var test = TestSets.Align(source.TrainOrAll, rows, testFile);
        return source with { Description = $"{source.Description}, tested on {testFile}", Test = test, TestFile = testFile };
    }

    /// <summary>
    /// The test set: the source's own test file, or a seeded split of its one table (stratified for
    /// classification; for regression DatasetSplit.Shuffled, a rule scripts/make-regression-data.py repeats).
    /// </summary>
    public static (Dataset Train, Dataset Test) TrainTest(DataSource source, double testFraction, int seed) =>
        source.Test is { } test ? (source.TrainOrAll, test) : DatasetSplit.Holdout(source.TrainOrAll, testFraction, seed);

    private static Dataset Embedded(string resource, bool regression = false)
    {
        using var stream = typeof(DataSources).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        return regression ? CsvDataset.LoadRegression(stream, resource) : CsvDataset.Load(stream, resource);
    }

    /// <summary>A file that fails to load is looked at once more for the usual cause (separator, encoding); a pipe cannot be read twice.</summary>
    private static Dataset LoadCsv(string path, bool regression)
    {
        try
        {
            var limits = DatasetLimitVariables.FromEnvironment();
            return regression ? CsvDataset.LoadRegression(path, limits) : CsvDataset.Load(path, limits);
        }
        catch (InvalidDataException e) when (!regression && e.Message.Contains("is not a non-negative integer", StringComparison.Ordinal))
        {
            throw CliException.DataError($"{e.Message.TrimEnd('.')} (for a real-valued target, use --task regression)", e);
        }
        catch (InvalidDataException e) when (FileKind.IsRegularFile(path) && CsvSniffer.Explain(path) is { } cause)
        {
            throw CliException.DataError(cause, e);
        }
    }

    private static DataSource IdxFolder(string folder, string name)
    {
        string? trainImages = FindIdx(folder, "train-images-idx3-ubyte");
        string? trainLabels = FindIdx(folder, "train-labels-idx1-ubyte");
        if (trainImages is null || trainLabels is null)
        {
            throw CliException.DataError($"{folder}: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz)");
        }

        var classNames = name == "fashion-mnist" ? FashionClassNames : null;
        var limits = DatasetLimitVariables.FromEnvironment();
        var train = Guard(trainImages, () => IdxDataset.Load(trainImages, trainLabels, limits, classNames: classNames));
        string? testImages = FindIdx(folder, "t10k-images-idx3-ubyte");
        string? testLabels = FindIdx(folder, "t10k-labels-idx1-ubyte");
        Dataset? test = testImages is null || testLabels is null ? null
            : Guard(testImages, () => IdxDataset.Load(testImages, testLabels, limits, classNames: classNames));
        if (test is not null && test.FeatureCount != train.FeatureCount)
        {
            throw CliException.DataError($"{folder}: test images have {test.FeatureCount} pixels, training images {train.FeatureCount}");
        }

        return new DataSource(name, $"{name} ({folder}, pixels scaled to [0, 1])", train, test) { Scaling = InputScaling.None };
    }

    private static Dataset Guard(string path, Func<Dataset> load)
    {
        try
        {
            return load();
        }
        catch (InvalidDataException e) when (DatasetLimitVariables.Retell(e) is { } retold)
        {
            throw CliException.DataError(retold, e);
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError(e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal) ? e.Message.TrimEnd('.') : $"{path}: {e.Message.TrimEnd('.')}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.DataError($"cannot read {path}: {e.Message}", e);
        }
    }

    private static string? FindIdx(string folder, string stem) =>
        new[] { stem, stem + ".gz" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
}
