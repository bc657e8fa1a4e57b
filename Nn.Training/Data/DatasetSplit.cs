using Nn.Dense;

namespace Nn.Training;

/// <summary>Seeded splits of a <see cref="Dataset"/>.</summary>
public static class DatasetSplit
{
    /// <summary>
    /// A stratified split: within each class, the samples are shuffled with <paramref name="seed"/> and
    /// round(count·testFraction) of them go to the test set, so both sets keep the class proportions.
    /// Both sets keep the original sample order. The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentException">dataset is null or a regression set (use <see cref="Shuffled"/>), or testFraction is not in [0, 1].</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A seeded generator, so that splits are reproducible; nothing here is a secret.")]
    public static (Dataset Train, Dataset Test) Stratified(Dataset dataset, double testFraction, int seed)
    {
        CheckArguments(dataset, testFraction);
        if (dataset.Task != ModelTask.Classification) throw new ArgumentException("A regression set has no classes to stratify by; use DatasetSplit.Shuffled.", nameof(dataset));
        var random = new Random(seed);
        var inTest = new bool[dataset.Samples];
        for (int c = 0; c < dataset.ClassCount; c++)
        {
            var members = new List<int>();
            for (int i = 0; i < dataset.Samples; i++) if (dataset.Labels[i] == c) members.Add(i);
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            int take = (int)Math.Round(shuffled.Length * testFraction, MidpointRounding.AwayFromZero);
            for (int i = 0; i < take; i++) inTest[shuffled[i]] = true;
        }

        return Apart(dataset, inTest);
    }

    /// <summary>
    /// A seeded random split for any data set, with a rule simple enough to reproduce outside .NET
    /// (scripts/make-regression-data.py does): sample i gets the key k_i = SplitMix64(seed·2³² + i)
    /// (seed as an unsigned 32-bit number), and the round(Samples·testFraction) samples with the smallest
    /// keys (ties by index) go to the test set. Both sets keep the original sample order.
    /// </summary>
    /// <exception cref="ArgumentException">dataset is null or testFraction is not in [0, 1].</exception>
    public static (Dataset Train, Dataset Test) Shuffled(Dataset dataset, double testFraction, int seed)
    {
        CheckArguments(dataset, testFraction);
        var keys = new ulong[dataset.Samples];
        var order = new int[dataset.Samples];
        ulong high = (ulong)(uint)seed << 32;
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = SplitMix64(high | (uint)i);
            order[i] = i;
        }

        // Array.Sort is not stable: the keys are made unique by the index so the order never depends on the sort.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        int take = (int)Math.Round(dataset.Samples * testFraction, MidpointRounding.AwayFromZero);
        var inTest = new bool[dataset.Samples];
        for (int i = 0; i < take; i++) inTest[order[i]] = true;
        return Apart(dataset, inTest);
    }

    /// <summary>The split a data set of its task calls for: <see cref="Stratified"/> for classification, <see cref="Shuffled"/> for regression.</summary>
    /// <exception cref="ArgumentException">dataset is null or testFraction is not in [0, 1].</exception>
    public static (Dataset Train, Dataset Test) Holdout(Dataset dataset, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Task == ModelTask.Regression ? Shuffled(dataset, testFraction, seed) : Stratified(dataset, testFraction, seed);
    }

    /// <summary>Vigna's SplitMix64 finalizer: a bijection of 64-bit words that scatters consecutive inputs.</summary>
    internal static ulong SplitMix64(ulong x)
    {
        ulong z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void CheckArguments(Dataset dataset, double testFraction)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(testFraction >= 0 && testFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "testFraction must be in [0, 1].");
    }

    private static (Dataset Train, Dataset Test) Apart(Dataset dataset, bool[] inTest)
    {
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < dataset.Samples; i++) (inTest[i] ? test : train).Add(i);
        return (dataset.Subset(train.ToArray()), dataset.Subset(test.ToArray()));
    }
}
