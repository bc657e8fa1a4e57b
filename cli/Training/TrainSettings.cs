using Nn.Dense;

namespace SimdNn.Cli.Training;

internal enum LossKind { CrossEntropy, MeanSquaredError, BinaryCrossEntropy }

internal enum OptimizerKind { Sgd, Adam }

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
    /// <summary>The output layer's activation that pairs with the loss (PyTorch conventions: softmax + CE, sigmoid + BCE).</summary>
    public Activation OutputActivation => Loss == LossKind.CrossEntropy ? Activation.Softmax : Activation.Sigmoid;

    public Network BuildNetwork(int inputs, int classes)
    {
        var layers = new List<DenseLayer>();
        int previous = inputs;
        foreach (int width in HiddenLayers)
        {
            layers.Add(new DenseLayer(previous, width, Activation));
            previous = width;
        }

        layers.Add(new DenseLayer(previous, classes, OutputActivation));
        var network = new Network([.. layers]);
        network.Initialize(Seed);
        return network;
    }
}

/// <summary>One epoch's figures, reported while training runs (mirrors Nn.Training's EpochReport).</summary>
internal sealed record EpochStats(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    TimeSpan Elapsed,
    double SamplesPerSecond);

/// <summary>How training ended: the per-epoch history, why it stopped, and the epoch whose weights were kept.</summary>
internal sealed record TrainingOutcome(IReadOnlyList<EpochStats> History, string StopReason, int BestEpoch, bool Interrupted);
