namespace SimdNn.Cli.Data;

/// <summary>
/// Seeded stratified splits: each class's rows are shuffled with the seed and the first
/// fraction of them goes to the held-out part, so every class is represented in proportion and
/// the same seed always gives the same split (train and evaluate agree on the test rows).
/// </summary>
internal static class Splits
{
    public static (LabeledData Kept, LabeledData HeldOut) Stratified(LabeledData data, double heldOutFraction, int seed, string keptName, string heldOutName)
    {
        var random = new Random(seed);
        var kept = new List<int>();
        var heldOut = new List<int>();
        for (int c = 0; c < data.ClassCount; c++)
        {
            var rows = Enumerable.Range(0, data.Samples).Where(i => data.Labels[i] == c).ToArray();
            random.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * heldOutFraction);
            heldOut.AddRange(rows[..take]);
            kept.AddRange(rows[take..]);
        }

        kept.Sort();
        heldOut.Sort();
        return (data.Subset(kept, keptName), data.Subset(heldOut, heldOutName));
    }

    /// <summary>The test set: the source's own test file, or a seeded stratified split of its one table.</summary>
    public static (LabeledData Train, LabeledData Test) TrainTest(DataSource source, double testFraction, int seed) =>
        source.Test is { } test
            ? (source.TrainOrAll, test)
            : Stratified(source.TrainOrAll, testFraction, seed, source.TrainOrAll.Name + " train", source.TrainOrAll.Name + " test");
}
