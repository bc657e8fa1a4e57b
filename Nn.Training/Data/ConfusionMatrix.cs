namespace Nn.Training;

/// <summary>
/// Counts[actual, predicted] over a set of predictions, with accuracy and per-class precision and recall.
/// </summary>
public sealed class ConfusionMatrix
{
    /// <summary>Row-major ClassCount × ClassCount: counts[actual · ClassCount + predicted].</summary>
    private readonly int[] counts;

    /// <summary>Tallies <paramref name="predicted"/> against <paramref name="actual"/> (same length, labels in [0, classCount)).</summary>
    /// <exception cref="ArgumentException">The lengths differ, or a label is out of range.</exception>
    public ConfusionMatrix(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount)
    {
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "classCount must be positive.");
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException($"predicted has {predicted.Length} labels, actual {actual.Length}.", nameof(predicted));
        }

        counts = new int[checked(classCount * classCount)];
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classCount) throw new ArgumentException($"actual[{i}] = {actual[i]} is outside [0, {classCount}).", nameof(actual));
            if ((uint)predicted[i] >= (uint)classCount) throw new ArgumentException($"predicted[{i}] = {predicted[i]} is outside [0, {classCount}).", nameof(predicted));
            counts[(actual[i] * classCount) + predicted[i]]++;
        }

        ClassCount = classCount;
        Total = actual.Length;
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of predictions.</summary>
    public int Total { get; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, ClassCount).</exception>
    public int this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)actual, (uint)ClassCount, nameof(actual));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)predicted, (uint)ClassCount, nameof(predicted));
            return counts[(actual * ClassCount) + predicted];
        }
    }

    /// <summary>Σ_c Counts[c, c] / Total (0 when empty).</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++) correct += counts[(c * ClassCount) + c];
            return Total == 0 ? 0 : (double)correct / Total;
        }
    }

    /// <summary>Precision of class c: Counts[c, c] / Σ_a Counts[a, c] (0 when the class is never predicted).</summary>
    public double Precision(int classIndex)
    {
        long predicted = 0;
        for (int a = 0; a < ClassCount; a++) predicted += counts[(a * ClassCount) + classIndex];
        return predicted == 0 ? 0 : (double)counts[(classIndex * ClassCount) + classIndex] / predicted;
    }

    /// <summary>Recall of class c: Counts[c, c] / Σ_p Counts[c, p] (0 when the class never occurs).</summary>
    public double Recall(int classIndex)
    {
        long actual = 0;
        for (int p = 0; p < ClassCount; p++) actual += counts[(classIndex * ClassCount) + p];
        return actual == 0 ? 0 : (double)counts[(classIndex * ClassCount) + classIndex] / actual;
    }
}
