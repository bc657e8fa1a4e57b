using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Training.Tests;

public class RegressionTrainerTests
{
    /// <summary>y = (2·x0 − x1 + 0.5, x0·x1) plus a little noise, x standard normal, seeded.</summary>
    private static Dataset Plane(int seed, int samples = 300)
    {
        var random = new Random(seed);
        var x = RandomNetworks.Normal(random, samples * 2);
        var noise = RandomNetworks.Normal(random, samples * 2, 0.05);
        var y = new float[samples * 2];
        for (int s = 0; s < samples; s++)
        {
            y[2 * s] = 2 * x[2 * s] - x[2 * s + 1] + 0.5f + noise[2 * s];
            y[2 * s + 1] = x[2 * s] * x[2 * s + 1] + noise[2 * s + 1];
        }

        return Dataset.Regression(x, 2, y, 2);
    }

    private static Network Mlp(int seed, int outputs = 2)
    {
        var network = new Network(new DenseLayer(2, 16, Activation.Tanh), new DenseLayer(16, outputs, Activation.Identity));
        network.Initialize(seed);
        return network;
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("l1")]
    [InlineData("huber")]
    public void Fit_learns_a_regression_with_validation_and_reports_no_accuracy(string name)
    {
        var loss = name switch { "l1" => Loss.L1(), "huber" => Loss.Huber(), _ => Loss.MeanSquaredError() };
        var network = Mlp(1);
        var data = Plane(2);
        var options = new TrainerOptions { Epochs = 60, BatchSize = 16, ValidationFraction = 0.2, Seed = 3 };
        var history = new Trainer(network, loss, new Adam(0.01f), options).Fit(data);
        Assert.All(history.Epochs, e => Assert.True(double.IsNaN(e.TrainAccuracy) && double.IsNaN(e.ValidationAccuracy!.Value)));
        Assert.True(history.BestEpoch > 0);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss / 4, $"{name}: {history.Epochs[0]} -> {history.Epochs[^1]}");
        var scores = RegressionMetrics.Evaluate(network, Plane(9, 200));
        Assert.True(scores.RSquared > 0.95, $"{name}: {scores}");
    }

    [Fact]
    public void Validation_of_a_regression_set_is_the_seeded_shuffled_split()
    {
        var data = Plane(4, 100);
        var options = new TrainerOptions { Epochs = 1, ValidationFraction = 0.3, Seed = 11, RestoreBest = false };
        var network = Mlp(5);
        var history = new Trainer(network, Loss.MeanSquaredError(), new Adam(0.01f), options).Fit(data);

        // The validation loss is measured after the epoch, with the weights the network now holds.
        var (_, validation) = DatasetSplit.Shuffled(data, 0.3, 11);
        double want = Backprop.ComputeLoss(network, validation.Features, validation.Targets, validation.Samples, Loss.MeanSquaredError());
        Assert.Equal(want, history.Epochs[0].ValidationLoss!.Value, 1e-5);
    }

    [Fact]
    public void A_regression_training_step_allocates_nothing_after_the_first()
    {
        var network = Mlp(1);
        var random = new Random(2);
        var x = RandomNetworks.Normal(random, 32 * 2);
        var t = RandomNetworks.Normal(random, 32 * 2);
        var grads = new Gradients(network);
        var optimizer = new Adam(weightDecay: 1e-4f);
        foreach (var loss in new[] { Loss.MeanSquaredError(), Loss.L1(), Loss.Huber() })
        {
            void Step()
            {
                grads.Clear();
                Backprop.ComputeGradients(network, x, t, 32, loss, grads);
                optimizer.Step(network, grads);
            }

            for (int i = 0; i < 3; i++) Step();
            Assert.Equal(0, Allocations.FewestPerRun(Step));
        }
    }

    [Fact]
    public void Fit_allocations_on_a_regression_set_do_not_grow_with_the_number_of_steps()
    {
        FitAllocations.AssertDoNotGrowWithSteps(Mlp(3), () => Loss.Huber(), Plane(2));
    }

    [Fact]
    public void Regression_data_that_does_not_fit_is_rejected()
    {
        var data = Plane(1, 20);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => new Trainer(Mlp(1, outputs: 3), Loss.MeanSquaredError(), new Sgd(0.1f)).Fit(data)).ParamName);
        var softmax = new Network(new DenseLayer(2, 2, Activation.Softmax));
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => new Trainer(softmax, Loss.CrossEntropy(), new Sgd(0.1f)).Fit(data)).ParamName);
        var classes = new Dataset(new float[40], 2, new int[20], 2);
        Assert.Equal("validation", Assert.Throws<ArgumentException>(() => new Trainer(Mlp(1), Loss.MeanSquaredError(), new Sgd(0.1f)).Fit(data, classes)).ParamName);
    }
}
