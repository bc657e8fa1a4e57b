using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Training;

internal enum LossKind { CrossEntropy, MeanSquaredError, BinaryCrossEntropy, L1, Huber }

internal enum OptimizerKind { Sgd, Adam }

/// <summary>
/// What `train` does to the features before fitting (`--scaling`): Standard = per-feature mean 0,
/// variance 1 (<see cref="Scaler.FitStandard"/>); None = as loaded; Auto = the data source's choice
/// (<see cref="Data.DataSource.Scaling"/>: None for IDX images, whose pixels are already /255 as
/// PyTorch's ToTensor gives them, Standard for tables).
/// </summary>
internal enum InputScaling { Auto, Standard, None }

/// <summary>Everything `train` needs, already validated by the command.</summary>
internal sealed record TrainSettings(
    IReadOnlyList<int> HiddenLayers,
    Activation Activation,
    LossKind Loss,
    OptimizerKind Optimizer,
    float LearningRate,
    float Momentum,
    float WeightDecay,
    int Epochs,
    int BatchSize,
    double Tolerance,
    int Seed,
    double ValidationFraction)
{
    /// <summary>Classification (the default) or regression (`--task`).</summary>
    public ModelTask Task { get; init; } = ModelTask.Classification;

    /// <summary>How <see cref="BuildNetwork"/> draws the starting weights (`--init`).</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.HeXavier;

    /// <summary>The feature scaling (`--scaling`); <see cref="TrainingRun"/> reads Auto as Standard.</summary>
    public InputScaling Scaling { get; init; } = InputScaling.Auto;

    /// <summary>The hidden layers' normalization (`--normalization`); the output layer has none.</summary>
    public Normalization Normalization { get; init; } = Normalization.None;

    /// <summary>The hidden layers' dropout probability in [0, 1) (`--dropout`); the output layer has none.</summary>
    public float DropoutRate { get; init; }

    /// <summary>
    /// The output layer's activation: identity for regression (any real value); for classification the one
    /// that pairs with the loss (PyTorch conventions: softmax + CE, sigmoid + BCE).
    /// </summary>
    public Activation OutputActivation => Task == ModelTask.Regression ? Activation.Identity
        : Loss == LossKind.CrossEntropy ? Activation.Softmax : Activation.Sigmoid;

    public Loss CreateLoss() => Loss switch
    {
        LossKind.MeanSquaredError => Nn.Training.Loss.MeanSquaredError(),
        LossKind.BinaryCrossEntropy => Nn.Training.Loss.BinaryCrossEntropy(),
        LossKind.L1 => Nn.Training.Loss.L1(),
        LossKind.Huber => Nn.Training.Loss.Huber(),
        _ => Nn.Training.Loss.CrossEntropy(),
    };

    public Optimizer CreateOptimizer() => Optimizer == OptimizerKind.Sgd
        ? new Sgd(LearningRate, Momentum, WeightDecay)
        : new Adam(LearningRate, weightDecay: WeightDecay);

    public Network BuildNetwork(int inputs, int outputs)
    {
        var layers = new List<DenseLayer>();
        int previous = inputs;
        foreach (int width in HiddenLayers)
        {
            layers.Add(new DenseLayer(previous, width, Activation, Normalization, DropoutRate));
            previous = width;
        }

        layers.Add(new DenseLayer(previous, outputs, OutputActivation));
        var network = new Network([.. layers]);
        network.Initialize(Seed, Initialization);
        return network;
    }
}
