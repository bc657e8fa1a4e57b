using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Training;

/// <summary>
/// The one place `train` drives Nn.Training: split off validation rows, standardize on the training
/// rows only (features unless <see cref="TrainSettings.Scaling"/> is None, and for regression the targets),
/// build and fit the network, then fold the scalers into the first layer (features) and the last (targets)
/// so that the saved model takes raw features, gives raw values and needs no side file.
/// </summary>
internal static class TrainingRun
{
    public static (Network Network, TrainingHistory History) Run(Dataset train, TrainSettings settings,
        Action<EpochReport> progress, CancellationToken cancellation)
    {
        Dataset fit;
        Dataset? validation = null;
        if (settings.ValidationFraction > 0) (fit, validation) = DatasetSplit.Holdout(train, settings.ValidationFraction, settings.Seed + 1);
        else fit = train.Subset(Enumerable.Range(0, train.Samples).ToArray());

        var scaler = settings.Scaling == InputScaling.None ? null : Scaler.FitStandard(fit);
        scaler?.Transform(fit);
        if (validation is not null) scaler?.Transform(validation);
        bool regression = train.Task == ModelTask.Regression;
        var targetScaler = regression ? TargetScaling.Fit(fit) : null;
        if (targetScaler is not null)
        {
            TargetScaling.Transform(targetScaler, fit);
            if (validation is not null) TargetScaling.Transform(targetScaler, validation);
        }

        var network = settings.BuildNetwork(train.FeatureCount, regression ? train.TargetCount : train.ClassCount);
        var options = new TrainerOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
            Tolerance = settings.Tolerance,
            Progress = progress,
            RestoreBest = true,
        };
        var history = new Trainer(network, settings.CreateLoss(), settings.CreateOptimizer(), options).Fit(fit, validation, cancellation);
        if (scaler is not null) FoldScaler(scaler, network);
        if (targetScaler is not null) TargetScaling.FoldInto(targetScaler, network);
        return (network, history);
    }

    /// <summary>
    /// z = W·((x − offset)⊙scale) + b = W'·x + b' with W'[o, j] = W[o, j]·scale[j] and
    /// b'[o] = b[o] − Σ_j W'[o, j]·offset[j] (summed in double, rounded once).
    /// </summary>
    internal static void FoldScaler(Scaler scaler, Network network)
    {
        var layer = network.Layers[0];
        var weights = layer.Weights;
        var biases = layer.Biases;
        int inputs = layer.Inputs;
        for (int o = 0; o < layer.Outputs; o++)
        {
            double shift = 0;
            for (int j = 0; j < inputs; j++)
            {
                float w = weights[o * inputs + j] * scaler.Scale[j];
                shift += (double)w * scaler.Offset[j];
                weights[o * inputs + j] = w;
            }

            biases[o] = (float)(biases[o] - shift);
        }
    }
}
