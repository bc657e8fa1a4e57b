using Nn.Dense;

namespace Nn.Training.Tests;

public class TrainerTests
{
    /// <summary>Two well separated Gaussian blobs per class in a few dimensions, seeded.</summary>
    internal static Dataset Blobs(int seed, int samples = 200, int features = 4, int classes = 3)
    {
        var random = new Random(seed);
        var x = new float[samples * features];
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            labels[s] = s % classes;
            var noise = RandomNetworks.Normal(random, features, 0.5);
            for (int f = 0; f < features; f++) x[s * features + f] = noise[f] + (f % classes == labels[s] ? 2 : 0);
        }

        return new Dataset(x, features, labels, classes);
    }

    private static Network Mlp(int seed, int inputs = 4, int classes = 3)
    {
        var network = new Network(new DenseLayer(inputs, 8, Activation.Relu), new DenseLayer(8, classes, Activation.Softmax));
        network.Initialize(seed);
        return network;
    }

    private static float[] AllParameters(Network network) =>
        network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Biases.ToArray())).ToArray();

    [Fact]
    public void Two_runs_with_the_same_seed_are_bitwise_equal()
    {
        (float[] Parameters, double[] Losses) Run(int seed)
        {
            var network = Mlp(4);
            var options = new TrainerOptions { Epochs = 5, BatchSize = 16, Seed = seed, ValidationFraction = 0.2, RestoreBest = false };
            var history = new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f, 0.9f, 1e-4f, nesterov: true), options).Fit(Blobs(1));
            return (AllParameters(network), history.Epochs.Select(e => e.TrainLoss).ToArray());
        }

        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Losses, b.Losses);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void A_training_step_allocates_nothing_after_the_first()
    {
        var network = new Network(new DenseLayer(20, 16, Activation.Relu), new DenseLayer(16, 12, Activation.Tanh), new DenseLayer(12, 5, Activation.Softmax));
        network.Initialize(1);
        var random = new Random(2);
        var x = RandomNetworks.Normal(random, 32 * 20);
        var indices = Enumerable.Range(0, 32).Select(i => (float)(i % 5)).ToArray();
        var grads = new Gradients(network);
        var loss = Loss.CrossEntropy();
        foreach (Optimizer optimizer in new Optimizer[] { new Sgd(0.01f, 0.9f, 1e-4f), new Adam(weightDecay: 1e-4f), new Sgd(0.01f) })
        {
            void Step()
            {
                grads.Clear();
                Backprop.ComputeGradients(network, x, indices, 32, loss, grads);
                Backprop.ComputeGradients(network, x.AsSpan(0, 7 * 20), indices.AsSpan(0, 7), 7, loss, grads);
                optimizer.Step(network, grads);
            }

            // The first steps size the per-thread workspace and the optimizer state.
            for (int i = 0; i < 3; i++) Step();
            Assert.Equal(0, Allocations.FewestPerRun(Step));
        }
    }

    [Fact]
    public void Fit_allocations_do_not_grow_with_the_number_of_steps()
    {
        FitAllocations.AssertDoNotGrowWithSteps(Mlp(3), () => Loss.CrossEntropy(), Blobs(2));
    }

    [Fact]
    public void Training_lowers_the_loss_and_reports_every_epoch()
    {
        var reports = new List<EpochReport>();
        var network = Mlp(5);
        var options = new TrainerOptions { Epochs = 15, BatchSize = 16, ValidationFraction = 0.25, Progress = reports.Add };
        var history = new Trainer(network, Loss.CrossEntropy(), new Adam(0.01f), options).Fit(Blobs(3));
        Assert.Equal(15, reports.Count);
        Assert.Equal(reports, history.Epochs);
        Assert.Equal(StopReason.MaxEpochs, history.StopReason);
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss / 2, $"{reports[0].TrainLoss} → {reports[^1].TrainLoss}");
        Assert.NotNull(reports[^1].ValidationLoss);
        Assert.True(reports[^1].ValidationAccuracy > 0.9);
        Assert.InRange(history.BestEpoch, 1, 15);
        Assert.Equal(Enumerable.Range(1, 15), reports.Select(r => r.Epoch));
    }

    [Fact]
    public void Restore_best_puts_back_the_weights_of_the_best_validation_epoch()
    {
        var data = Blobs(4);
        var (train, validation) = DatasetSplit.Stratified(data, 0.3, 1);
        var network = Mlp(6);
        var history = new Trainer(network, Loss.CrossEntropy(), new Sgd(0.5f, 0.9f), new TrainerOptions { Epochs = 12, BatchSize = 8 })
            .Fit(train, validation);
        double best = history.Epochs.Min(e => e.ValidationLoss!.Value);
        Assert.Equal(best, history.Epochs[history.BestEpoch - 1].ValidationLoss);
        var targets = validation.Labels.Select(l => (float)l).ToArray();
        double now = Backprop.ComputeLoss(network, validation.Features, targets, validation.Samples, Loss.CrossEntropy());
        Assert.Equal(best, now, best * 1e-5);
    }

    [Fact]
    public void The_tolerance_rule_stops_early()
    {
        var network = Mlp(7);
        var history = new Trainer(network, Loss.CrossEntropy(), new Adam(0.01f), new TrainerOptions { Epochs = 500, Tolerance = 1e-2 }).Fit(Blobs(5));
        Assert.Equal(StopReason.Tolerance, history.StopReason);
        Assert.True(history.Epochs.Count < 500);
        var last = history.Epochs;
        Assert.True(Math.Abs(last[^1].TrainLoss - last[^2].TrainLoss) < 1e-2);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_batch_with_the_best_weights()
    {
        using var source = new CancellationTokenSource();
        var network = Mlp(8);
        var snapshots = new List<float[]>();
        var options = new TrainerOptions
        {
            Epochs = 50,
            Progress = report =>
            {
                snapshots.Add(AllParameters(network));
                if (report.Epoch == 3) source.Cancel();
            },
        };
        var history = new Trainer(network, Loss.CrossEntropy(), new Adam(0.01f), options).Fit(Blobs(6), cancellationToken: source.Token);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(snapshots[history.BestEpoch - 1], AllParameters(network));
    }

    [Fact]
    public void A_non_finite_batch_loss_stops_at_once_before_the_step_and_says_where()
    {
        var data = Blobs(9, samples: 64);
        // One NaN feature, and one batch holds all 64 samples: the very first batch's loss is NaN, so no step may happen.
        data.Features[40 * data.FeatureCount] = float.NaN;
        var network = Mlp(3);
        var before = AllParameters(network);
        var options = new TrainerOptions { Epochs = 5, BatchSize = 64, ValidationFraction = 0, RestoreBest = false };
        var history = new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f), options).Fit(data);

        Assert.Equal(StopReason.Diverged, history.StopReason);
        Assert.Equal(new Divergence(1, 1, float.NaN), history.Divergence);
        Assert.Empty(history.Epochs);
        Assert.Equal(0, history.BestEpoch);
        Assert.Equal(before, AllParameters(network));
    }

    [Fact]
    public void Divergence_in_a_later_batch_keeps_the_earlier_steps_and_restores_nothing_without_a_finished_epoch()
    {
        var data = Blobs(10, samples: 64);
        data.Features[5 * data.FeatureCount] = float.PositiveInfinity;
        var network = Mlp(3);
        var before = AllParameters(network);
        var options = new TrainerOptions { Epochs = 5, BatchSize = 8, ValidationFraction = 0, RestoreBest = true };
        var history = new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f), options).Fit(data);

        Assert.Equal(StopReason.Diverged, history.StopReason);
        var at = Assert.IsType<Divergence>(history.Divergence);
        Assert.Equal(1, at.Epoch);
        Assert.InRange(at.Batch, 1, 8);
        Assert.False(float.IsFinite(at.Loss));
        var after = AllParameters(network);
        Assert.All(after, w => Assert.True(float.IsFinite(w)));
        // Steps before the bad batch happened (unless it was the first): the weights moved exactly when Batch > 1.
        Assert.Equal(at.Batch > 1, !before.SequenceEqual(after));
    }

    [Fact]
    public void A_finite_run_reports_no_divergence()
    {
        var history = new Trainer(Mlp(5), Loss.CrossEntropy(), new Adam(0.01f), new TrainerOptions { Epochs = 3 }).Fit(Blobs(2));
        Assert.Equal(StopReason.MaxEpochs, history.StopReason);
        Assert.Null(history.Divergence);
    }

    [Fact]
    public void Schedules_set_the_documented_learning_rates()
    {
        var seen = new List<double>();
        var network = Mlp(9);
        var optimizer = new Sgd(0.4f);
        new Trainer(network, Loss.CrossEntropy(), optimizer,
            new TrainerOptions { Epochs = 5, Schedule = LearningRateSchedule.Step, StepEpochs = 2, StepFactor = 0.5f, Progress = r => seen.Add(r.LearningRate) }).Fit(Blobs(7, 40));
        Assert.Equal([0.4f, 0.4f, 0.2f, 0.2f, 0.1f], seen.Select(v => (float)v));
        Assert.Equal(0.4f, optimizer.LearningRate);

        seen.Clear();
        new Trainer(network, Loss.CrossEntropy(), optimizer,
            new TrainerOptions { Epochs = 4, Schedule = LearningRateSchedule.Cosine, Progress = r => seen.Add(r.LearningRate) }).Fit(Blobs(7, 40));
        var want = Enumerable.Range(0, 4).Select(e => (float)(0.4 * 0.5 * (1 + Math.Cos(Math.PI * e / 4))));
        Assert.Equal(want, seen.Select(v => (float)v));
    }

    [Fact]
    public void Mean_squared_error_and_binary_cross_entropy_train_on_one_hot_targets()
    {
        foreach (var (loss, last) in new[] { (Loss.MeanSquaredError(), Activation.Sigmoid), (Loss.BinaryCrossEntropy(), Activation.Sigmoid) })
        {
            var network = new Network(new DenseLayer(4, 8, Activation.Tanh), new DenseLayer(8, 3, last));
            network.Initialize(1);
            var history = new Trainer(network, loss, new Adam(0.02f), new TrainerOptions { Epochs = 20 }).Fit(Blobs(8));
            Assert.True(history.Epochs[^1].TrainAccuracy > 0.9, $"{loss}: {history.Epochs[^1]}");
        }
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_rejected()
    {
        var network = Mlp(1);
        var trainer = new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f));
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => trainer.Fit(Blobs(1, features: 5))).ParamName);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => trainer.Fit(Blobs(1, classes: 4))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, Loss.CrossEntropy(), new Sgd(0.1f), new TrainerOptions { BatchSize = 0 }));
    }
}
