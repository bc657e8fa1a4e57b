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
        .Describe("digits, iris, diabetes, friedman1, fashion-mnist, PATH.csv (features then label, or target, per line) or a folder of IDX files").Default("digits");
    private readonly Option<string?> taskName = new Option<string?>("--task")
    {
        Description = "classification (integer label last) or regression (real target last; identity output, standardized targets, model outputs raw units); default: the data set's own (diabetes and friedman1 are regression), else classification",
    };
    private readonly Option<bool> json = new Option<bool>("--json") { Description = "Print one JSON object with the test scores on stdout (human output goes to stderr)" };
    private readonly Option<string> layers = new Option<string>("--layers")
        .Describe("Hidden layer widths, comma-separated (e.g. 256,128); the output layer is added").Default("128,64");
    private readonly Option<string> activationName = new Option<string>("--activation")
        .Describe("Hidden-layer activation: relu, leaky-relu (slope 0.01), sigmoid, tanh, gelu (exact, PyTorch's default), silu, elu (alpha 1) or relu6").Default("relu");
    private readonly Option<string> normalizationName = new Option<string>("--normalization")
        .Describe("Hidden-layer normalization between the linear map and the activation (PyTorch's order Linear → norm → activation → dropout): none; "
            + "batch = BatchNorm1d (batch statistics in training, running statistics folded into the weights for predictions); layer = LayerNorm over each row's units. The output layer gets none").Default("none");
    private readonly Option<float> dropout = new Option<float>("--dropout")
        .Describe("Dropout probability P after each hidden layer's activation, in training only (the kept units are scaled by 1/(1 − P)); the output layer gets none").Default(0f)
        .Require(v => v is >= 0 and < 1, "must be in [0, 1)");
    private readonly Option<string> initName = new Option<string>("--init")
        .Describe("Starting weights: he = He normal for ReLU-like layers, Xavier for sigmoid, tanh and the output, biases 0; pytorch = nn.Linear's default U(±1/√fan_in) for weights and biases. "
            + "Default he: on Fashion-MNIST both land within seed noise of each other, and he keeps a ReLU layer's output variance where pytorch's shrinks it sixfold per layer").Default("he");
    private readonly Option<string> scalingName = new Option<string>("--scaling")
        .Describe("Feature scaling fitted on the training rows and folded into the saved model: standard = per-feature mean 0, variance 1; none = as loaded; auto = none for IDX images (pixels / 255 as with PyTorch's ToTensor; standardized pixels overfit Fashion-MNIST), standard for CSV tables").Default("auto");
    private readonly Option<string?> lossName = new Option<string?>("--loss")
    {
        Description = "Classification: ce = cross-entropy on softmax (default), bce = binary cross-entropy on sigmoid, mse = squared error on sigmoid; regression: mse (default), l1 = mean absolute error, huber (delta 1)",
    };
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
        normalizationName.AcceptOnlyFromAmong("none", "batch", "layer");
        initName.AcceptOnlyFromAmong("he", "pytorch");
        scalingName.AcceptOnlyFromAmong("auto", "standard", "none");
        lossName.AcceptOnlyFromAmong("ce", "mse", "bce", "l1", "huber");
        taskName.AcceptOnlyFromAmong("classification", "regression");
        optimizerName.AcceptOnlyFromAmong("sgd", "adam");
        var command = new Command("train", "Train an MLP classifier or regression model, report test accuracy (or RMSE, MAE and R²), save the model and a loss-curve PNG");
        foreach (var option in new Option[] { data, taskName, layers, activationName, normalizationName, dropout, initName, scalingName, lossName, optimizerName, learningRate, momentum, weightDecay, epochs, batch, tolerance, seed, threads, validation, testFraction, modelOut, plot, json })
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
            LossKind.CrossEntropy,
            optimizer == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam,
            parse.GetValue(learningRate) ?? (optimizer == "sgd" ? 0.05f : 0.001f),
            parse.GetValue(momentum),
            parse.GetValue(weightDecay),
            parse.GetValue(epochs),
            parse.GetValue(batch),
            parse.GetValue(tolerance),
            parse.GetValue(seed),
            parse.GetValue(validation))
        {
            Initialization = parse.GetValue(initName) == "pytorch" ? WeightInitialization.PyTorchLinear : WeightInitialization.HeXavier,
            Scaling = parse.GetValue(scalingName) switch { "standard" => InputScaling.Standard, "none" => InputScaling.None, _ => InputScaling.Auto },
            Normalization = parse.GetValue(normalizationName) switch { "batch" => Normalization.Batch, "layer" => Normalization.Layer, _ => Normalization.None },
            DropoutRate = parse.GetValue(dropout),
        };
        return new TrainRequest(parse.GetValue(data)!, RequireHiddenLayers(settings), parse.GetValue(testFraction), parse.GetValue(threads), parse.GetValue(modelOut), parse.GetValue(plot))
        {
            Test = TestFile(parse),
            Task = parse.GetValue(taskName) switch { "regression" => ModelTask.Regression, "classification" => ModelTask.Classification, _ => null },
            Loss = parse.GetValue(lossName) switch
            {
                "ce" => LossKind.CrossEntropy,
                "mse" => LossKind.MeanSquaredError,
                "bce" => LossKind.BinaryCrossEntropy,
                "l1" => LossKind.L1,
                "huber" => LossKind.Huber,
                _ => null,
            },
            Json = parse.GetValue(json),
        };
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

    /// <summary>Normalization and dropout apply to hidden layers only: without any, the option would be silently ignored, so it is refused.</summary>
    private static TrainSettings RequireHiddenLayers(TrainSettings settings)
    {
        string? option = settings.HiddenLayers.Count > 0 ? null
            : settings.Normalization != Normalization.None ? "--normalization"
            : settings.DropoutRate > 0 ? "--dropout" : null;
        if (option is not null)
        {
            throw CliException.UsageError($"{option} applies to hidden layers, and --layers none gives no hidden layer (the output layer gets neither normalization nor dropout); add hidden layers or drop {option}");
        }

        return settings;
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

/// <summary>A parsed `train` command line. Task and Loss are null when not given: the data set and the task decide (<see cref="TrainAction"/>).</summary>
internal sealed record TrainRequest(string Data, TrainSettings Settings, double TestFraction, int Threads, string? Out, string? Plot)
{
    /// <summary>The --test file: the test rows, instead of a split of <see cref="Data"/>.</summary>
    public string? Test { get; init; }

    public ModelTask? Task { get; init; }

    public LossKind? Loss { get; init; }

    public bool Json { get; init; }
}

/// <summary>Options shared by `train` and `evaluate` so that both pick the same test rows.</summary>
internal static class SplitOptions
{
    public const double DefaultTestFraction = 0.2;

    public static Option<double> TestFraction() => new Option<double>("--test-fraction")
        .Describe("For a data set without its own test file: the fraction of rows held out as the test set (seeded; stratified for classification)")
        .Default(DefaultTestFraction).Require(v => v is > 0 and < 1, "must be in (0, 1)");
}
