using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Training;

/// <summary>
/// Standardizes regression targets for training, t' = (t − mean)/σ per target (Nn.Training's Scaler fitted
/// on the training rows' targets as if they were features: population σ, a constant target gets σ = 1), so
/// that the output layer starts at the scale of its initialization and one learning rate suits any units;
/// afterwards the inverse is folded into the last layer, so the saved model outputs raw units.
/// </summary>
internal static class TargetScaling
{
    public static Scaler Fit(Dataset train) =>
        Scaler.FitStandard(Dataset.Regression(train.Targets, train.TargetCount, new float[train.Samples]));

    /// <summary>Standardizes the data set's targets in place.</summary>
    public static void Transform(Scaler scaler, Dataset data) => scaler.Transform(data.Targets);

    /// <summary>
    /// The last layer (identity activation) gives y' = W·h + b in standardized units; with σ = 1/scale,
    /// y = σ·y' + mean = (σ·W)·h + (σ·b + mean): row o of W and b[o] scaled by σ_o, then mean_o added.
    /// </summary>
    public static void FoldInto(Scaler scaler, Network network)
    {
        var layer = network.Layers[^1];
        var weights = layer.Weights;
        var biases = layer.Biases;
        for (int o = 0; o < layer.Outputs; o++)
        {
            double sigma = 1.0 / scaler.Scale[o];
            var row = weights.Slice(o * layer.Inputs, layer.Inputs);
            for (int j = 0; j < row.Length; j++) row[j] = (float)(row[j] * sigma);
            biases[o] = (float)(biases[o] * sigma + scaler.Offset[o]);
        }
    }
}
