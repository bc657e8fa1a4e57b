using System.Text;
using Nn.Dense;
using Nn.Training.Tests.Reference;

namespace Nn.Training.Tests;

public class RegressionDataTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(50, 3)]
    [InlineData(333, 2)]
    public void Metrics_match_the_naive_reference(int rows, int width)
    {
        var random = new Random(rows * 31 + width);
        var t = RandomNetworks.Normal(random, rows * width, 10);
        var y = t.Select(v => v + (float)random.NextDouble() - 0.5f).ToArray();
        var scores = RegressionMetrics.Score(y, t, width);
        // Double sums of n float-exact terms: a few double ε relative.
        Assert.Equal(ReferenceRegressionMetrics.Rmse(y, t), scores.RootMeanSquaredError, 1e-12);
        Assert.Equal(ReferenceRegressionMetrics.Mae(y, t), scores.MeanAbsoluteError, 1e-12);
        Assert.Equal(ReferenceRegressionMetrics.RSquared(y, t, width), scores.RSquared, 1e-9);
        Assert.Equal(rows, scores.Rows);
    }

    [Fact]
    public void R_squared_is_one_for_a_perfect_fit_zero_for_the_mean_and_follows_scikit_learn_for_a_constant_target()
    {
        float[] t = [1, 2, 3, 4];
        Assert.Equal(1, RegressionMetrics.RSquared(t, t));
        Assert.Equal(0, RegressionMetrics.RSquared([2.5f, 2.5f, 2.5f, 2.5f], t));
        Assert.Equal(1, RegressionMetrics.RSquared([5f, 5f], [5f, 5f]));
        Assert.Equal(0, RegressionMetrics.RSquared([4f, 5f], [5f, 5f]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.RSquared([1f], [1f, 2f]));
    }

    [Fact]
    public void A_regression_set_has_targets_and_no_labels_and_its_subsets_keep_the_targets()
    {
        var data = Dataset.Regression([1, 2, 3, 4, 5, 6], 2, [10, 11, 20, 21, 30, 31], 2);
        Assert.Equal((ModelTask.Regression, 3, 2, 0), (data.Task, data.Samples, data.TargetCount, data.ClassCount));
        Assert.Empty(data.Labels);
        var subset = data.Subset([2, 0]);
        Assert.Equal([5f, 6f, 1f, 2f], subset.Features);
        Assert.Equal([30f, 31f, 10f, 11f], subset.Targets);
        Assert.Throws<ArgumentException>(() => Dataset.Regression([1, 2], 1, [1, float.NaN]));
        Assert.Throws<ArgumentException>(() => Dataset.Regression([1, 2, 3], 1, [1, 2]));
        Assert.Throws<ArgumentException>(() => DatasetSplit.Stratified(data, 0.5, 1));
    }

    [Fact]
    public void Shuffled_split_takes_the_smallest_SplitMix64_keys_and_keeps_the_order()
    {
        const int samples = 101;
        var features = Enumerable.Range(0, samples).Select(i => (float)i).ToArray();
        var data = Dataset.Regression(features, 1, features.Select(v => v * 2).ToArray());
        var (train, test) = DatasetSplit.Shuffled(data, 0.2, 5);
        Assert.Equal(20, test.Samples);
        Assert.Equal(81, train.Samples);

        // The rule written out: sort by (SplitMix64(seed·2³² + i), i), take the first round(n·f).
        var expected = Enumerable.Range(0, samples).OrderBy(i => DatasetSplit.SplitMix64((5UL << 32) | (uint)i)).ThenBy(i => i).Take(20).Order().Select(i => (float)i);
        Assert.Equal(expected, test.Features);
        Assert.Equal(test.Features.Select(v => v * 2), test.Targets);
        Assert.Equal(features.Except(test.Features), train.Features);
        Assert.NotEqual(test.Features, DatasetSplit.Shuffled(data, 0.2, 6).Test.Features);
        // Vigna's published first output of SplitMix64 seeded with 0 (state 0x9E3779B97F4A7C15).
        Assert.Equal(0xE220A8397B1DCDAFUL, DatasetSplit.SplitMix64(0));
    }

    [Fact]
    public void Csv_regression_reads_a_real_target_last_and_honours_the_limits()
    {
        static Stream Text(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));
        var data = CsvDataset.LoadRegression(Text("a,b,y\n1,2,0.5\n3,4,-151.25\n"), "r.csv");
        Assert.Equal((ModelTask.Regression, 2, 2), (data.Task, data.Samples, data.FeatureCount));
        Assert.Equal([0.5f, -151.25f], data.Targets);

        var error = Assert.Throws<InvalidDataException>(() => CsvDataset.LoadRegression(Text("1,2,3\n4,5,x\n"), "r.csv"));
        Assert.Contains("r.csv: line 2: the target 'x' is not a finite number", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidDataException>(() => CsvDataset.LoadRegression(Text("1,2,3\n4,5,6\n7,8,9\n"), "r.csv", new DatasetLimits { MaxRows = 2 }));
        Assert.Contains("MaxRows", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidDataException>(() => CsvDataset.LoadRegression(Text("1,2,3\n4,5,6\n"), "r.csv", new DatasetLimits { MaxValues = 3 }));
        Assert.Contains("MaxValues", error.Message, StringComparison.Ordinal);
        // The classification reader still refuses a real label, exactly as before.
        Assert.Throws<InvalidDataException>(() => CsvDataset.Load(Text("1,2,0.5\n"), "c.csv"));
    }
}
