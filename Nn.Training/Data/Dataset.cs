using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// A data set held in memory: <see cref="Features"/> is <see cref="Samples"/> × <see cref="FeatureCount"/>
/// row-major. A classification set (the constructor) has <see cref="Labels"/>, one class index in
/// [0, <see cref="ClassCount"/>) per sample; a regression set (<see cref="Regression"/>) has
/// <see cref="Targets"/>, Samples × <see cref="TargetCount"/> real values. <see cref="Task"/> tells which.
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
        Samples = labels.Length;
        Labels = labels;
        ClassCount = classCount;
        ClassNames = classNames ?? Enumerable.Range(0, classCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Targets = [];
    }

    private Dataset(float[] features, int featureCount, float[] targets, int targetCount)
    {
        Features = features;
        FeatureCount = featureCount;
        Samples = targets.Length / targetCount;
        Task = ModelTask.Regression;
        Labels = [];
        ClassNames = [];
        Targets = targets;
        TargetCount = targetCount;
    }

    /// <summary>
    /// A regression data set wrapping the arrays (not copied): <paramref name="features"/> is
    /// samples × featureCount and <paramref name="targets"/> samples × targetCount, both row-major,
    /// every target finite. It has no labels (<see cref="ClassCount"/> 0).
    /// </summary>
    /// <exception cref="ArgumentException">A null array, a count that is not positive, sizes that do not match, or a target that is NaN or infinite.</exception>
    public static Dataset Regression(float[] features, int featureCount, float[] targets, int targetCount = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "featureCount must be positive.");
        if (targetCount <= 0) throw new ArgumentOutOfRangeException(nameof(targetCount), targetCount, "targetCount must be positive.");
        if (targets.Length % targetCount != 0) throw new ArgumentException($"targets has {targets.Length} values, not a multiple of {targetCount}.", nameof(targets));
        long samples = targets.Length / targetCount;
        if (features.Length != samples * featureCount)
        {
            throw new ArgumentException(
                $"features has {features.Length} values; {samples} samples of {featureCount} features need {samples * featureCount}.", nameof(features));
        }

        int bad = Array.FindIndex(targets, t => !float.IsFinite(t));
        if (bad >= 0) throw new ArgumentException($"targets[{bad}] = {targets[bad]} is not a finite number.", nameof(targets));
        return new Dataset(features, featureCount, targets, targetCount);
    }

    // The arrays ARE the data set (wrapped, not copied, as the constructor says): the trainer and
    // its callers slice them per batch, so a copying or read-only view would cost every epoch.
#pragma warning disable CA1819
    /// <summary>The features, Samples × FeatureCount row-major.</summary>
    public float[] Features { get; }

    /// <summary>The number of samples (rows).</summary>
    public int Samples { get; }

    /// <summary>Classification (<see cref="Labels"/>) or regression (<see cref="Targets"/>).</summary>
    public ModelTask Task { get; }

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>The class index of each sample, in [0, ClassCount); empty for a regression set.</summary>
    public int[] Labels { get; }

    /// <summary>The number of classes; 0 for a regression set.</summary>
    public int ClassCount { get; }

    /// <summary>A name per class ("0", "1", ... when the source has none); empty for a regression set.</summary>
    public string[] ClassNames { get; }

    /// <summary>The regression targets, Samples × TargetCount row-major; empty for a classification set.</summary>
    public float[] Targets { get; }

    /// <summary>The number of targets per sample; 0 for a classification set.</summary>
    public int TargetCount { get; }
#pragma warning restore CA1819

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not in [0, Samples).</exception>
    public ReadOnlySpan<float> Sample(int index)
    {
        if ((uint)index >= (uint)Samples) throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Samples}).");
        return Features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>One-hot targets, Samples × ClassCount: t_ij = 1 if Labels[i] = j, else 0 (empty for a regression set).</summary>
    public float[] OneHot()
    {
        var targets = new float[(long)Samples * ClassCount];
        for (int i = 0; i < Samples; i++) targets[(long)i * ClassCount + Labels[i]] = 1f;
        return targets;
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (features and labels or targets copied).</summary>
    /// <exception cref="ArgumentException">An index is outside [0, Samples).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        bool regression = Task == ModelTask.Regression;
        var features = new float[(long)indices.Length * FeatureCount];
        var labels = new int[regression ? 0 : indices.Length];
        var targets = new float[(long)indices.Length * TargetCount];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Samples) throw new ArgumentException($"indices[{i}] = {index} is outside [0, {Samples}).", nameof(indices));
            Features.AsSpan(index * FeatureCount, FeatureCount).CopyTo(features.AsSpan(i * FeatureCount));
            if (regression) Targets.AsSpan(index * TargetCount, TargetCount).CopyTo(targets.AsSpan(i * TargetCount));
            else labels[i] = Labels[index];
        }

        return regression ? new Dataset(features, FeatureCount, targets, TargetCount) : new Dataset(features, FeatureCount, labels, ClassCount, ClassNames);
    }
}
