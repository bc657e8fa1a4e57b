namespace SimdNn.Cli.Data;

/// <summary>
/// A classification data set: Samples rows of FeatureCount floats (row-major) and one class
/// index per row in [0, ClassCount).
/// </summary>
internal sealed record LabeledData(string Name, float[] Features, int Samples, int FeatureCount, int[] Labels, int ClassCount, IReadOnlyList<string> ClassNames)
{
    public ReadOnlySpan<float> Row(int sample) => Features.AsSpan(sample * FeatureCount, FeatureCount);

    /// <summary>The rows at the given indices, in that order.</summary>
    public LabeledData Subset(IReadOnlyList<int> rows, string name)
    {
        var features = new float[rows.Count * FeatureCount];
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
            labels[i] = Labels[rows[i]];
        }

        return this with { Name = name, Features = features, Samples = rows.Count, Labels = labels };
    }
}

/// <summary>A data set as named on the command line: either one table (split by seed) or a train and a test file.</summary>
internal sealed record DataSource(string Description, LabeledData TrainOrAll, LabeledData? Test);
