using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Training;

/// <summary>
/// Standardizes regression targets for training, t' = (t − mean)/σ per target (population σ of the
/// training rows; a constant target gets σ = 1), so that the output layer starts at the scale of its
/// initialization and one learning rate suits any units; afterwards the inverse is folded into the
/// last layer, so the saved model outputs raw units.
/// </summary>
internal sealed class TargetScaler
{
    private readonly double[] mean;
    private readonly double[] deviation;

    private TargetScaler(double[] mean, double[] deviation)
    {
        this.mean = mean;
        this.deviation = deviation;
    }

    public static TargetScaler Fit(Dataset train)
    {
        int width = train.TargetCount, rows = train.Samples;
        var mean = new double[width];
        var deviation = new double[width];
        for (int i = 0; i < rows; i++) for (int j = 0; j < width; j++) mean[j] += train.Targets[i * width + j];
        for (int j = 0; j < width; j++) mean[j] /= rows;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < width; j++) deviation[j] += Math.Pow(train.Targets[i * width + j] - mean[j], 2);
        }

        for (int j = 0; j < width; j++)
        {
            double sigma = Math.Sqrt(deviation[j] / rows);
            deviation[j] = sigma > 0 ? sigma : 1;
        }

        return new TargetScaler(mean, deviation);
    }

    /// <summary>Standardizes the data set's targets in place.</summary>
    public void Transform(Dataset data)
    {
        int width = mean.Length;
        for (int i = 0; i < data.Targets.Length; i++) data.Targets[i] = (float)((data.Targets[i] - mean[i % width]) / deviation[i % width]);
    }

    /// <summary>
    /// The last layer (identity activation) gives y' = W·h + b in standardized units; y = σ·y' + mean =
    /// (σ·W)·h + (σ·b + mean): row o of W and b[o] scaled by σ_o, then mean_o added.
    /// </summary>
    public void FoldInto(Network network)
    {
        var layer = network.Layers[^1];
        var weights = layer.Weights;
        var biases = layer.Biases;
        for (int o = 0; o < layer.Outputs; o++)
        {
            var row = weights.Slice(o * layer.Inputs, layer.Inputs);
            for (int j = 0; j < row.Length; j++) row[j] = (float)(row[j] * deviation[o]);
            biases[o] = (float)(biases[o] * deviation[o] + mean[o]);
        }
    }
}
