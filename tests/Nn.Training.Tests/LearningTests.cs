using Nn.Dense;

namespace Nn.Training.Tests;

public class LearningTests
{
    [Fact]
    public void An_mlp_reaches_at_least_96_percent_on_digits()
    {
        var digits = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
        var (train, test) = DatasetSplit.Stratified(digits, 0.2, seed: 42);
        var scaler = Scaler.FitStandard(train);
        scaler.Transform(train);
        scaler.Transform(test);
        var network = new Network(new DenseLayer(64, 64, Activation.Relu), new DenseLayer(64, 10, Activation.Softmax));
        network.Initialize(1);
        var history = new Trainer(network, Loss.CrossEntropy(), new Adam(2e-3f), new TrainerOptions { Epochs = 30, BatchSize = 32, Seed = 1, RestoreBest = false })
            .Fit(train);
        var matrix = Metrics.Evaluate(network, test);
        Assert.True(matrix.Accuracy >= 0.96, $"test accuracy {matrix.Accuracy:F4} after {history.Epochs.Count} epochs (train loss {history.Epochs[^1].TrainLoss:F4})");
    }

    [Fact]
    public void Dead_relu_report_finds_no_dead_units_in_a_healthy_digits_network()
    {
        var digits = CsvDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
        Scaler.FitStandard(digits).Transform(digits);
        var network = new Network(new DenseLayer(64, 32, Activation.Relu), new DenseLayer(32, 10, Activation.Softmax));
        network.Initialize(2);
        // Push unit 5's bias far negative: it is dead for every sample and must be the only one reported.
        network.Layers[0].Biases[5] = -1000;
        var report = DeadReluReport.Analyze(network, digits);
        Assert.Equal([5], report.Layers[0].DeadUnits);
    }
}
