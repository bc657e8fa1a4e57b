namespace Nn.Training;

/// <summary>Seeded splits of a <see cref="Dataset"/>.</summary>
public static class DatasetSplit
{
    /// <summary>
    /// A stratified split: within each class, the samples are shuffled with <paramref name="seed"/> and
    /// round(count·testFraction) of them go to the test set, so both sets keep the class proportions.
    /// Both sets keep the original sample order. The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentException">dataset is null or testFraction is not in [0, 1].</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A seeded generator, so that splits are reproducible; nothing here is a secret.")]
    public static (Dataset Train, Dataset Test) Stratified(Dataset dataset, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(testFraction >= 0 && testFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "testFraction must be in [0, 1].");
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

        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < dataset.Samples; i++) (inTest[i] ? test : train).Add(i);
        return (dataset.Subset(train.ToArray()), dataset.Subset(test.ToArray()));
    }
}
