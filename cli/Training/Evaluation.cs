using Nn.Dense;
using SimdNn.Cli.Data;

namespace SimdNn.Cli.Training;

/// <summary>Accuracy, confusion matrix (rows = true class, columns = predicted) and per-class precision and recall.</summary>
internal sealed record Evaluation(int Samples, int Correct, long[,] Confusion, IReadOnlyList<string> ClassNames)
{
    public double Accuracy => Samples == 0 ? 0 : (double)Correct / Samples;

    public int Classes => Confusion.GetLength(0);

    /// <summary>Of the rows predicted as <paramref name="c"/>, the fraction that are <paramref name="c"/> (NaN when none were).</summary>
    public double Precision(int c)
    {
        long predicted = 0;
        for (int t = 0; t < Classes; t++) predicted += Confusion[t, c];
        return predicted == 0 ? double.NaN : (double)Confusion[c, c] / predicted;
    }

    /// <summary>Of the rows that are <paramref name="c"/>, the fraction predicted as <paramref name="c"/> (NaN when there are none).</summary>
    public double Recall(int c)
    {
        long actual = 0;
        for (int p = 0; p < Classes; p++) actual += Confusion[c, p];
        return actual == 0 ? double.NaN : (double)Confusion[c, c] / actual;
    }

    public long Support(int c)
    {
        long actual = 0;
        for (int p = 0; p < Classes; p++) actual += Confusion[c, p];
        return actual;
    }

    public static Evaluation Run(Network network, LabeledData data, string modelName)
    {
        ModelChecks.RequireCompatible(network, data, modelName);
        int classes = network.OutputSize;
        var confusion = new long[classes, classes];
        const int Batch = 256;
        var outputs = new float[Batch * classes];
        int correct = 0;
        for (int start = 0; start < data.Samples; start += Batch)
        {
            int batch = Math.Min(Batch, data.Samples - start);
            network.Predict(data.Features.AsSpan(start * data.FeatureCount, batch * data.FeatureCount), batch, outputs.AsSpan(0, batch * classes));
            for (int i = 0; i < batch; i++)
            {
                int predicted = StandInTrainer.ArgMax(outputs.AsSpan(i * classes, classes));
                int actual = data.Labels[start + i];
                confusion[actual, predicted]++;
                if (predicted == actual) correct++;
            }
        }

        var names = data.ClassNames.Count == classes ? data.ClassNames
            : Enumerable.Range(0, classes).Select(i => i < data.ClassNames.Count ? data.ClassNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new Evaluation(data.Samples, correct, confusion, names);
    }
}

internal static class ModelChecks
{
    public static void RequireCompatible(Network network, LabeledData data, string modelName)
    {
        if (network.InputSize != data.FeatureCount)
        {
            throw CliException.DataError($"the model {modelName} takes {network.InputSize} inputs but {data.Name} has {data.FeatureCount} features per row");
        }

        if (data.ClassCount > network.OutputSize)
        {
            throw CliException.DataError($"the model {modelName} has {network.OutputSize} outputs but {data.Name} has labels up to {data.ClassCount - 1}");
        }
    }
}
