namespace Nn.Training;

/// <summary>
/// A labelled classification data set held in memory: <see cref="Features"/> is
/// <see cref="Samples"/> × <see cref="FeatureCount"/> row-major, <see cref="Labels"/> one class index
/// in [0, <see cref="ClassCount"/>) per sample.
/// </summary>
public sealed class Dataset
{
    /// <summary>Wraps the arrays (not copied).</summary>
    /// <exception cref="ArgumentException">A null array, a size that does not match, a label outside [0, classCount), or classNames of the wrong length.</exception>
    public Dataset(float[] features, int featureCount, int[] labels, int classCount, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "featureCount must be positive.");
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be positive.");
        if (features.Length != (long)labels.Length * featureCount)
        {
            throw new ArgumentException(
                $"features has {features.Length} values; {labels.Length} samples of {featureCount} features need {(long)labels.Length * featureCount}.",
                nameof(features));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"labels[{i}] = {labels[i]} is outside [0, {classCount}).", nameof(labels));
            }
        }

        if (classNames is not null && classNames.Length != classCount)
        {
            throw new ArgumentException($"classNames has {classNames.Length} names for {classCount} classes.", nameof(classNames));
        }

        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
        ClassCount = classCount;
        ClassNames = classNames ?? Enumerable.Range(0, classCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    // The arrays ARE the data set (wrapped, not copied, as the constructor says): the trainer and
    // its callers slice them per batch, so a copying or read-only view would cost every epoch.
#pragma warning disable CA1819
    /// <summary>The features, Samples × FeatureCount row-major.</summary>
    public float[] Features { get; }

    /// <summary>The number of samples (rows).</summary>
    public int Samples => Labels.Length;

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>The class index of each sample, in [0, ClassCount).</summary>
    public int[] Labels { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>A name per class ("0", "1", ... when the source has none).</summary>
    public string[] ClassNames { get; }
#pragma warning restore CA1819

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not in [0, Samples).</exception>
    public ReadOnlySpan<float> Sample(int index)
    {
        if ((uint)index >= (uint)Samples) throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Samples}).");
        return Features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>One-hot targets, Samples × ClassCount: t_ij = 1 if Labels[i] = j, else 0.</summary>
    public float[] OneHot()
    {
        var targets = new float[(long)Samples * ClassCount];
        for (int i = 0; i < Samples; i++) targets[(long)i * ClassCount + Labels[i]] = 1f;
        return targets;
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (features copied).</summary>
    /// <exception cref="ArgumentException">An index is outside [0, Samples).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var features = new float[(long)indices.Length * FeatureCount];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Samples) throw new ArgumentException($"indices[{i}] = {index} is outside [0, {Samples}).", nameof(indices));
            Features.AsSpan(index * FeatureCount, FeatureCount).CopyTo(features.AsSpan(i * FeatureCount));
            labels[i] = Labels[index];
        }

        return new Dataset(features, FeatureCount, labels, ClassCount, ClassNames);
    }
}
