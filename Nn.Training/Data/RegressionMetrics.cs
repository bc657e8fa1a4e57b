using Nn.Dense;

namespace Nn.Training;

/// <summary>The scores of a regression model on <paramref name="Rows"/> samples (see <see cref="RegressionMetrics"/>).</summary>
/// <param name="Rows">The number of samples scored.</param>
/// <param name="RootMeanSquaredError">√(Σ(y − t)² / n), over all rows × targets.</param>
/// <param name="MeanAbsoluteError">Σ|y − t| / n, over all rows × targets.</param>
/// <param name="RSquared">The coefficient of determination, averaged over the targets.</param>
public readonly record struct RegressionScores(int Rows, double RootMeanSquaredError, double MeanAbsoluteError, double RSquared);

/// <summary>
/// Regression scores of predictions y against targets t, both rows × width row-major, accumulated in
/// double: RMSE and MAE over all n = rows·width elements, and R² per target column j,
/// R²_j = 1 − SS_res,j / SS_tot,j with SS_res,j = Σ_i (t_ij − y_ij)² and SS_tot,j = Σ_i (t_ij − mean_j t)²,
/// averaged over the columns (scikit-learn's r2_score, uniform average). A constant target column
/// (SS_tot = 0) scores 1 when predicted exactly, else 0, as scikit-learn does.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>RMSE = √(Σ(y − t)² / n); NaN for no elements.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double RootMeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        CheckLengths(predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double difference = (double)predictions[i] - targets[i];
            sum += difference * difference;
        }

        return Math.Sqrt(sum / predictions.Length);
    }

    /// <summary>MAE = Σ|y − t| / n; NaN for no elements.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double MeanAbsoluteError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        CheckLengths(predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++) sum += Math.Abs((double)predictions[i] - targets[i]);
        return sum / predictions.Length;
    }

    /// <summary>R², averaged over the <paramref name="width"/> target columns (see the class remarks); NaN for no rows.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a multiple of width.</exception>
    public static double RSquared(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int width = 1)
    {
        CheckLengths(predictions, targets);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be positive.");
        if (targets.Length % width != 0) throw new ArgumentException($"targets has {targets.Length} values, not a multiple of {width}.", nameof(targets));
        int rows = targets.Length / width;
        if (rows == 0) return double.NaN;
        double total = 0;
        for (int j = 0; j < width; j++)
        {
            double mean = 0;
            for (int i = 0; i < rows; i++) mean += targets[i * width + j];
            mean /= rows;
            double residual = 0, spread = 0;
            for (int i = 0; i < rows; i++)
            {
                double t = targets[i * width + j];
                double error = t - predictions[i * width + j];
                residual += error * error;
                spread += (t - mean) * (t - mean);
            }

            total += spread > 0 ? 1 - residual / spread : residual == 0 ? 1 : 0;
        }

        return total / width;
    }

    /// <summary>All three scores of predictions against targets (rows × width).</summary>
    /// <exception cref="ArgumentException">As <see cref="RSquared"/>.</exception>
    public static RegressionScores Score(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int width = 1)
    {
        double r2 = RSquared(predictions, targets, width);
        return new RegressionScores(targets.Length / width, RootMeanSquaredError(predictions, targets), MeanAbsoluteError(predictions, targets), r2);
    }

    /// <summary>The network's outputs for every sample of the data set, Samples × OutputSize, computed in chunks.</summary>
    /// <exception cref="ArgumentException">A null argument or a feature count that does not match the network.</exception>
    public static float[] Predict(Network network, Dataset dataset, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"dataset has {dataset.FeatureCount} features; the network takes {network.InputSize}.", nameof(dataset));
        }

        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be positive.");
        int features = dataset.FeatureCount, width = network.OutputSize;
        var outputs = new float[(long)dataset.Samples * width];
        for (int start = 0; start < dataset.Samples; start += chunk)
        {
            int rows = Math.Min(chunk, dataset.Samples - start);
            network.Predict(dataset.Features.AsSpan(start * features, rows * features), rows, outputs.AsSpan(start * width, rows * width));
        }

        return outputs;
    }

    /// <summary>The scores of <paramref name="network"/> on a regression data set.</summary>
    /// <exception cref="ArgumentException">A null argument, a classification set, or sizes that do not match the network.</exception>
    public static RegressionScores Evaluate(Network network, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Task != ModelTask.Regression || dataset.TargetCount != network.OutputSize)
        {
            throw new ArgumentException(
                $"dataset needs {network.OutputSize} regression targets per sample to score this network; it has {dataset.TargetCount} ({dataset.Task}).", nameof(dataset));
        }

        return Score(Predict(network, dataset), dataset.Targets, dataset.TargetCount);
    }

    private static void CheckLengths(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"predictions has {predictions.Length} values but targets has {targets.Length}.", nameof(predictions));
        }
    }
}
