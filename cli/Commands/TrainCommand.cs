using System.CommandLine;
using System.Globalization;
using Nn.Dense;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn train` and the no-argument default run (train on the embedded digits data).</summary>
internal sealed class TrainCommand
{
    /// <summary>Overrides the default run's epoch count (tests use it to keep the run short).</summary>
    public const string DefaultEpochsVariable = "SIMDNN_DEFAULT_EPOCHS";

    private readonly Option<string> data = new Option<string>("--data")
        .Describe("digits, iris, fashion-mnist, PATH.csv (features then label per line) or a folder of IDX files").Default("digits");
    private readonly Option<string> layers = new Option<string>("--layers")
        .Describe("Hidden layer widths, comma-separated (e.g. 256,128); the output layer is added").Default("128,64");
    private readonly Option<string> activationName = new Option<string>("--activation")
        .Describe("Hidden-layer activation: relu, leaky-relu (slope 0.01), sigmoid, tanh, gelu (exact, PyTorch's default), silu, elu (alpha 1) or relu6").Default("relu");
    private readonly Option<string> lossName = new Option<string>("--loss")
        .Describe("ce = cross-entropy on softmax, bce = binary cross-entropy on sigmoid, mse = squared error on sigmoid").Default("ce");
    private readonly Option<string> optimizerName = new Option<string>("--optimizer").Describe("sgd or adam").Default("adam");
    private readonly Option<float?> learningRate = new Option<float?>("--lr")
        .Describe("Learning rate (default 0.001 for adam, 0.05 for sgd)").Require(v => v > 0 && float.IsFinite(v!.Value), "must be a positive number");
    private readonly Option<float> momentum = new Option<float>("--momentum")
        .Describe("SGD momentum").Default(0.9f).Require(v => v is >= 0 and < 1, "must be in [0, 1)");
    private readonly Option<float> weightDecay = new Option<float>("--weight-decay")
        .Describe("L2 weight decay added to the weight gradients").Default(0f).Require(v => v >= 0 && float.IsFinite(v), "must be non-negative");
    private readonly Option<int> epochs = new Option<int>("--epochs").Describe("Maximum number of epochs").Default(30)
        .Require(v => v is > 0 and <= 100_000, "must be between 1 and 100000");
    private readonly Option<int> batch = new Option<int>("--batch").Describe("Mini-batch size").Default(32)
        .Require(v => v is > 0 and <= 65_536, "must be between 1 and 65536");
    private readonly Option<double> tolerance = new Option<double>("--tolerance")
        .Describe("Stop when the training loss changes by less than this between epochs (0 = never)").Default(0)
        .Require(v => v >= 0 && double.IsFinite(v), "must be non-negative");
    private readonly Option<int> seed = new Option<int>("--seed").Describe("Seed for initialization, shuffling and splits").Default(1);
    private readonly Option<int> threads = new Option<int>("--threads")
        .Describe("Threads for large matrix products (0 = all cores; results are identical for any count)").Default(0).Require(v => v is >= 0 and <= 1024, "must be between 0 and 1024");
    private readonly Option<double> validation = new Option<double>("--validation")
        .Describe("Fraction of the training rows held out for validation (0 = none)").Default(0.1).Require(v => v is >= 0 and < 1, "must be in [0, 1)");
    private readonly Option<double> testFraction = SplitOptions.TestFraction();
    private readonly Option<string?> testFile = new Option<string?>("--test")
    {
        Description = "CSV file of test rows (same feature columns; classes among the training data's) to report on instead of a split of --data or its own test set; excludes --test-fraction",
    };
    private readonly Option<string?> modelOut = new Option<string?>("--out") { Description = "Model file to write (default out/<data>.snn); its folder is created and checked before training" };
    private readonly Option<string?> plot = new Option<string?>("--plot") { Description = "Loss-curve image to write, PNG or SVG by its extension (default beside the model, <model>-loss.png); must differ from --out" };

    public static Command Create() => new TrainCommand().Build();

    private Command Build()
    {
        activationName.AcceptOnlyFromAmong("relu", "sigmoid", "tanh", "leaky-relu", "gelu", "silu", "elu", "relu6");
        lossName.AcceptOnlyFromAmong("ce", "mse", "bce");
        optimizerName.AcceptOnlyFromAmong("sgd", "adam");
        var command = new Command("train", "Train an MLP classifier, report test accuracy, save the model and a loss-curve PNG");
        foreach (var option in new Option[] { data, layers, activationName, lossName, optimizerName, learningRate, momentum, weightDecay, epochs, batch, tolerance, seed, threads, validation, testFraction, modelOut, plot })
        {
            command.Options.Add(option);
        }

        command.Options.Add(testFile);

        command.SetAction((parse, cancellation) => Task.FromResult(TrainAction.Run(Read(parse), cancellation)));
        return command;
    }

    /// <summary>The root command's action: train with the defaults (epochs overridable by <see cref="DefaultEpochsVariable"/>).</summary>
    public static void AddDefaultRun(RootCommand root)
    {
        root.SetAction((parse, cancellation) =>
        {
            var request = Defaults();
            if (Environment.GetEnvironmentVariable(DefaultEpochsVariable) is { Length: > 0 } text)
            {
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epochs) || epochs <= 0)
                {
                    throw CliException.UsageError($"{DefaultEpochsVariable} must be a positive integer; it is '{text}'");
                }

                request = request with { Settings = request.Settings with { Epochs = epochs } };
            }

            return Task.FromResult(TrainAction.Run(request, cancellation));
        });
    }

    private static TrainRequest Defaults()
    {
        var train = new TrainCommand();
        return train.Read(train.Build().Parse([]));
    }

    private TrainRequest Read(ParseResult parse)
    {
        string optimizer = parse.GetValue(optimizerName)!;
        var settings = new TrainSettings(
            ParseLayers(parse.GetValue(layers)!),
            parse.GetValue(activationName) switch
            {
                "sigmoid" => Activation.Sigmoid,
                "tanh" => Activation.Tanh,
                "leaky-relu" => Activation.LeakyRelu,
                "gelu" => Activation.Gelu,
                "silu" => Activation.Silu,
                "elu" => Activation.Elu,
                "relu6" => Activation.Relu6,
                _ => Activation.Relu,
            },
            parse.GetValue(lossName) switch
            {
                "mse" => LossKind.MeanSquaredError,
                "bce" => LossKind.BinaryCrossEntropy,
                _ => LossKind.CrossEntropy,
            },
            optimizer == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam,
            parse.GetValue(learningRate) ?? (optimizer == "sgd" ? 0.05f : 0.001f),
            parse.GetValue(momentum),
            parse.GetValue(weightDecay),
            parse.GetValue(epochs),
            parse.GetValue(batch),
            parse.GetValue(tolerance),
            parse.GetValue(seed),
            parse.GetValue(validation));
        return new TrainRequest(parse.GetValue(data)!, settings, parse.GetValue(testFraction), parse.GetValue(threads), parse.GetValue(modelOut), parse.GetValue(plot)) { Test = TestFile(parse) };
    }

    /// <summary>--test replaces the split, so a --test-fraction beside it would be silently ignored: refused instead.</summary>
    private string? TestFile(ParseResult parse)
    {
        string? path = parse.GetValue(testFile);
        if (path is null) return null;
        if (string.IsNullOrWhiteSpace(path)) throw CliException.UsageError("--test: the path is empty; give a CSV file of test rows");
        if (parse.GetResult(testFraction) is { Implicit: false })
        {
            throw CliException.UsageError("--test and --test-fraction: the test rows come from the --test file, so no fraction of --data is held out; give one or the other");
        }

        return path;
    }

    private static int[] ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none") return [];
        var widths = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new int[widths.Length];
        for (int i = 0; i < widths.Length; i++)
        {
            if (!int.TryParse(widths[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]) || result[i] is <= 0 or > 65_536)
            {
                throw CliException.UsageError($"--layers: '{widths[i]}' is not a layer width between 1 and 65536 (expected e.g. --layers 256,128)");
            }
        }

        return result;
    }
}

/// <summary>A parsed `train` command line.</summary>
internal sealed record TrainRequest(string Data, TrainSettings Settings, double TestFraction, int Threads, string? Out, string? Plot)
{
    /// <summary>The --test file: the test rows, instead of a split of <see cref="Data"/>.</summary>
    public string? Test { get; init; }
}

/// <summary>Options shared by `train` and `evaluate` so that both pick the same test rows.</summary>
internal static class SplitOptions
{
    public const double DefaultTestFraction = 0.2;

    public static Option<double> TestFraction() => new Option<double>("--test-fraction")
        .Describe("For a data set without its own test file: the fraction of rows held out as the test set (stratified, seeded)")
        .Default(DefaultTestFraction).Require(v => v is > 0 and < 1, "must be in (0, 1)");
}
