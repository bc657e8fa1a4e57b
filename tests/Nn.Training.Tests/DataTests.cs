namespace Nn.Training.Tests;

public class DataTests
{
    [Fact]
    public void Stratified_split_keeps_class_proportions_is_seeded_and_partitions_the_samples()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 60 ? 0 : i < 90 ? 1 : 2).ToArray();
        var features = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var data = new Dataset(features, 1, labels, 3);
        var (train, test) = DatasetSplit.Stratified(data, 0.2, 5);
        Assert.Equal(12, test.Labels.Count(l => l == 0));
        Assert.Equal(6, test.Labels.Count(l => l == 1));
        Assert.Equal(2, test.Labels.Count(l => l == 2));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), train.Features.Concat(test.Features).Order());
        var again = DatasetSplit.Stratified(data, 0.2, 5);
        Assert.Equal(test.Features, again.Test.Features);
        Assert.NotEqual(test.Features, DatasetSplit.Stratified(data, 0.2, 6).Test.Features);
    }

    [Fact]
    public void Scalers_are_fitted_on_training_data_and_applied_unchanged()
    {
        var train = new Dataset([1, 10, 3, 10, 5, 10], 2, [0, 1, 0], 2);
        var test = new Dataset([7, 4], 2, [1], 2);
        var standard = Scaler.FitStandard(train);
        // Feature 0: mean 3, σ = √(8/3); feature 1 constant: offset 10, scale 1.
        Assert.Equal([3f, 10f], standard.Offset.ToArray());
        Assert.Equal((float)(1 / Math.Sqrt(8.0 / 3)), standard.Scale[0]);
        Assert.Equal(1f, standard.Scale[1]);
        standard.Transform(test);
        Assert.Equal((7 - 3) * (float)(1 / Math.Sqrt(8.0 / 3)), test.Features[0]);
        Assert.Equal(-6f, test.Features[1]);

        var minMax = Scaler.FitMinMax(train);
        minMax.Transform(train);
        Assert.Equal([0f, 0, 0.5f, 0, 1, 0], train.Features);
    }

    [Fact]
    public void One_hot_confusion_matrix_and_accuracy()
    {
        var data = new Dataset([0, 0, 0], 1, [2, 0, 1], 3);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], data.OneHot());
        var matrix = new ConfusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(3.0 / 5, matrix.Accuracy);
        Assert.Equal(2.0 / 3, matrix.Precision(1));
        Assert.Equal(0.5, matrix.Recall(0));
        Assert.Equal(0, matrix.Recall(2));
        Assert.Equal(2.0 / 3, Metrics.Accuracy([0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.7f], 2, [1, 1, 1]));
    }

    [Fact]
    public void Datasets_reject_inconsistent_arrays()
    {
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => new Dataset([1, 2, 3], 2, [0], 1)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => new Dataset([1, 2], 2, [3], 2)).ParamName);
        Assert.Equal("classNames", Assert.Throws<ArgumentException>(() => new Dataset([1, 2], 2, [0], 2, ["a"])).ParamName);
    }
}
