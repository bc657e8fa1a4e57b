using Nn.Dense;

namespace Nn.Training;

/// <summary>Predictions and scores of a network on a data set.</summary>
public static class Metrics
{
    /// <summary>
    /// The predicted class of each row of <paramref name="outputs"/> (rows × width): the arg-max, or,
    /// for a single output (binary), 1 when the output is at least 0.5. Ties go to the lowest index.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static void PredictedClasses(ReadOnlySpan<float> outputs, int rows, int width, Span<int> predicted)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be non-negative.");
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be positive.");
        if (outputs.Length != (long)rows * width) throw new ArgumentException($"outputs has {outputs.Length} values, not {rows} × {width}.", nameof(outputs));
        if (predicted.Length != rows) throw new ArgumentException($"predicted has {predicted.Length} slots for {rows} rows.", nameof(predicted));
        for (int row = 0; row < rows; row++) predicted[row] = ArgMax(outputs.Slice(row * width, width));
    }

    /// <summary>The fraction of rows whose predicted class (see <see cref="PredictedClasses"/>) equals the label.</summary>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public static double Accuracy(ReadOnlySpan<float> outputs, int width, ReadOnlySpan<int> labels)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be positive.");
        if (outputs.Length != (long)labels.Length * width) throw new ArgumentException($"outputs has {outputs.Length} values, not {labels.Length} × {width}.", nameof(outputs));
        return labels.Length == 0 ? 0 : (double)CountCorrect(outputs, width, labels) / labels.Length;
    }

    /// <summary>Runs <paramref name="network"/> over the data set in chunks and returns the predicted class of each sample.</summary>
    /// <exception cref="ArgumentException">A null argument or a feature count that does not match the network.</exception>
    public static int[] Predict(Network network, Dataset dataset, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"dataset has {dataset.FeatureCount} features; the network takes {network.InputSize}.", nameof(dataset));
        }

        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be positive.");
        var predicted = new int[dataset.Samples];
        var outputs = new float[chunk * network.OutputSize];
        for (int start = 0; start < dataset.Samples; start += chunk)
        {
            int rows = Math.Min(chunk, dataset.Samples - start);
            var output = outputs.AsSpan(0, rows * network.OutputSize);
            network.Predict(dataset.Features.AsSpan(start * dataset.FeatureCount, rows * dataset.FeatureCount), rows, output);
            PredictedClasses(output, rows, network.OutputSize, predicted.AsSpan(start, rows));
        }

        return predicted;
    }

    /// <summary>The confusion matrix of <paramref name="network"/> on <paramref name="dataset"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Predict"/>.</exception>
    public static ConfusionMatrix Evaluate(Network network, Dataset dataset)
    {
        var predicted = Predict(network, dataset);
        return new ConfusionMatrix(dataset.Labels, predicted, Math.Max(dataset.ClassCount, network.OutputSize == 1 ? 2 : network.OutputSize));
    }

    internal static int CountCorrect(ReadOnlySpan<float> outputs, int width, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int row = 0; row < labels.Length; row++)
        {
            if (ArgMax(outputs.Slice(row * width, width)) == labels[row]) correct++;
        }

        return correct;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        if (row.Length == 1) return row[0] >= 0.5f ? 1 : 0;
        int best = 0;
        for (int j = 1; j < row.Length; j++) if (row[j] > row[best]) best = j;
        return best;
    }
}
