using System.IO.Compression;

namespace SimdNn.Cli.Data;

/// <summary>
/// Resolves the --data argument: the embedded sets (digits, iris), Fashion-MNIST from the Debian
/// package's folder, a CSV file, or a folder of IDX files.
/// </summary>
internal static class DataSources
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Overrides the Fashion-MNIST folder (tests use it to simulate a machine without the package).</summary>
    public const string FashionMnistVariable = "SIMDNN_FASHION_MNIST_DIR";

    public const string Names = "digits, iris, fashion-mnist, a .csv file or a folder of IDX files";

    private static readonly string[] FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static DataSource Load(string spec)
    {
        switch (spec.ToLowerInvariant())
        {
            case "digits":
                return new DataSource("digits (embedded, 8x8 handwritten digits)", Embedded("digits.csv.gz", "digits"), null);
            case "iris":
                return new DataSource("iris (embedded)", Embedded("iris.csv", "iris"), null);
            case "fashion-mnist":
                string folder = Environment.GetEnvironmentVariable(FashionMnistVariable) ?? FashionMnistFolder;
                if (!Directory.Exists(folder) || FindIdx(folder, "train-images-idx3-ubyte") is null)
                {
                    throw CliException.DataError($"Fashion-MNIST is not installed in {folder}: install it with 'sudo apt-get install dataset-fashion-mnist' or pass --data PATH-to-a-folder-of-IDX-files");
                }

                return IdxFolder(folder, "fashion-mnist");
        }

        if (Directory.Exists(spec)) return IdxFolder(spec, Path.GetFileName(Path.TrimEndingDirectorySeparator(spec)));
        bool looksLikePath = spec.Contains('/', StringComparison.Ordinal) || spec.Contains('\\', StringComparison.Ordinal)
            || spec.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);
        if (File.Exists(spec))
        {
            return new DataSource(spec, Csv(spec), null);
        }

        if (looksLikePath) throw CliException.DataError($"data file not found: {spec}");
        throw CliException.UsageError($"unknown data set '{spec}': use {Names}");
    }

    private static LabeledData Csv(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(stream);
            return CsvTable.Read(reader, Path.GetFileName(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw CliException.DataError($"cannot read {path}: {e.Message}", e);
        }
    }

    private static LabeledData Embedded(string resource, string name)
    {
        using var raw = typeof(DataSources).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        using Stream stream = resource.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream);
        return CsvTable.Read(reader, name);
    }

    private static DataSource IdxFolder(string folder, string name)
    {
        string? trainImages = FindIdx(folder, "train-images-idx3-ubyte");
        string? trainLabels = FindIdx(folder, "train-labels-idx1-ubyte");
        if (trainImages is null || trainLabels is null)
        {
            throw CliException.DataError($"{folder}: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz)");
        }

        var classNames = name == "fashion-mnist" ? FashionClassNames : [];
        var train = IdxFiles.ReadPair(trainImages, trainLabels, name + " train", classNames);
        string? testImages = FindIdx(folder, "t10k-images-idx3-ubyte");
        string? testLabels = FindIdx(folder, "t10k-labels-idx1-ubyte");
        LabeledData? test = testImages is null || testLabels is null ? null
            : IdxFiles.ReadPair(testImages, testLabels, name + " test", train.ClassNames);
        if (test is not null && test.FeatureCount != train.FeatureCount)
        {
            throw CliException.DataError($"{folder}: test images have {test.FeatureCount} pixels, training images {train.FeatureCount}");
        }

        if (test is not null && test.ClassCount != train.ClassCount) test = test with { ClassCount = train.ClassCount, ClassNames = train.ClassNames };
        return new DataSource($"{name} ({folder})", train, test);
    }

    private static string? FindIdx(string folder, string stem) =>
        new[] { stem, stem + ".gz" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
}
