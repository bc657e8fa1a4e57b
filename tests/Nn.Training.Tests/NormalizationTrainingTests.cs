using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Training.Tests;

/// <summary>
/// Batch and layer normalization and dropout in training: gradients against central differences in double,
/// running statistics, the folded inference map, reproducible dropout masks, allocation-free steps.
/// </summary>
public class NormalizationTrainingTests
{
    /// <summary>
    /// Float backprop against double differences. The error is a few u = 2^-24 per operation times the fan-in
    /// and the normalization's amplification (r = 1/σ up to ~10 here, and the batch sums), about 1e-5 in
    /// practice; 1e-3 leaves room and still catches any wrong term (those give errors of order 1).
    /// </summary>
    private const double Tolerance = 1e-3;

    private static Network Mixed(Activation last, Normalization lastNormalization, int seed)
    {
        var network = new Network(
            new DenseLayer(6, 9, Activation.Tanh, Normalization.Batch),
            new DenseLayer(9, 8, Activation.Gelu, Normalization.Layer, dropoutRate: 0.3f),
            new DenseLayer(8, 7, Activation.Relu, Normalization.Batch, dropoutRate: 0.5f),
            new DenseLayer(7, 4, last, lastNormalization));
        network.Initialize(seed);
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            // γ away from 1 and β away from 0, so that a mix-up of the two shows.
            var gamma = layer.NormalizationScale;
            var beta = layer.NormalizationShift;
            for (int j = 0; j < gamma.Length; j++)
            {
                gamma[j] = (float)(0.5 + random.NextDouble());
                beta[j] = (float)(random.NextDouble() - 0.5);
            }
        }

        return network;
    }

    public static TheoryData<Activation, Normalization, string> Heads() => new()
    {
        { Activation.Softmax, Normalization.None, "cross-entropy" },
        { Activation.Softmax, Normalization.Layer, "cross-entropy" },
        { Activation.Sigmoid, Normalization.Batch, "binary cross-entropy" },
        { Activation.Identity, Normalization.Batch, "mse" },
        { Activation.Sigmoid, Normalization.Layer, "mse" },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Gradients_match_central_differences(Activation last, Normalization lastNormalization, string lossName)
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var network = Mixed(last, lastNormalization, seed);
            var random = new Random(100 + seed);
            int batch = 3 + seed;
            var inputs = RandomNetworks.Normal(random, batch * 6);
            (Loss loss, float[] targets) = lossName switch
            {
                "cross-entropy" => (Loss.CrossEntropy(), Enumerable.Range(0, batch).Select(i => (float)(i % 4)).ToArray()),
                "binary cross-entropy" => (Loss.BinaryCrossEntropy(), Enumerable.Range(0, batch * 4).Select(i => (float)(i % 2)).ToArray()),
                _ => (Loss.MeanSquaredError(), RandomNetworks.Normal(random, batch * 4)),
            };
            Backprop.SeedDropout(network, seed);
            var errors = GradientCheck.Run(network, inputs, targets, batch, loss);
            var grads = new Gradients(network);
            Backprop.SeedDropout(network, seed);
            Backprop.ComputeGradients(network, inputs, targets, batch, loss, grads);
            foreach (var error in errors)
            {
                // Batch normalization subtracts the batch mean, so the bias before it has gradient 0 exactly:
                // both sides are rounding noise and their normwise error says nothing; check the noise is small.
                bool batchNormalized = network.Layers[error.Layer].Normalization == Normalization.Batch;
                double biasesError = batchNormalized
                    ? MaxAbs(grads.Biases(error.Layer)) / Math.Max(MaxAbs(grads.Weights(error.Layer)), 1e-30)
                    : error.BiasesError;
                Assert.True(error.WeightsError <= Tolerance && biasesError <= Tolerance && error.ScaleError <= Tolerance && error.ShiftError <= Tolerance,
                    $"seed {seed}, batch {batch}, {lossName}, last {last}/{lastNormalization}: {error}");
            }
        }
    }

    private static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    [Fact]
    public void Scale_and_shift_get_their_own_gradients()
    {
        // γ and β have different gradients (a mix-up of the two arrays would make them equal), and both check out.
        var network = Mixed(Activation.Identity, Normalization.Batch, 1);
        var random = new Random(3);
        var inputs = RandomNetworks.Normal(random, 5 * 6);
        var targets = RandomNetworks.Normal(random, 5 * 4);
        var grads = new Gradients(network);
        Backprop.ComputeGradients(network, inputs, targets, 5, Loss.MeanSquaredError(), grads);
        Assert.NotEqual(grads.NormalizationScale(0).ToArray(), grads.NormalizationShift(0).ToArray());
        var errors = GradientCheck.Run(network, inputs, targets, 5, Loss.MeanSquaredError());
        Assert.All(errors, e => Assert.True(e.ScaleError <= Tolerance));
    }

    [Fact]
    public void Training_forward_updates_the_running_statistics_as_pytorch()
    {
        var layer = new DenseLayer(3, 2, Activation.Identity, Normalization.Batch);
        layer.CopyWeightsFrom([1, 0, 0, 0, 1, 1]);
        var network = new Network(layer);
        float[] x = [1, 2, 3, 4, 5, 6, -2, 0, 1, 7, 1, 1];
        var cache = new ForwardCache(network);
        network.Forward(x, 4, cache);
        double[] z0 = [1, 4, -2, 7], z1 = [5, 11, 1, 2];
        foreach (var (z, j) in new[] { (z0, 0), (z1, 1) })
        {
            double mean = z.Average(), unbiased = z.Sum(v => (v - mean) * (v - mean)) / 3;
            Assert.Equal(0.1 * mean, network.Layers[0].RunningMean[j], 1e-6);
            Assert.Equal(0.9 + 0.1 * unbiased, network.Layers[0].RunningVariance[j], 1e-5);
        }
    }

    [Fact]
    public void Predict_folds_batch_normalization_into_the_exact_affine_map_and_ignores_dropout()
    {
        var network = Mixed(Activation.Softmax, Normalization.Batch, 4);
        var random = new Random(9);
        var grads = new Gradients(network);
        var optimizer = new Adam(0.01f);
        for (int step = 0; step < 5; step++)
        {
            grads.Clear();
            Backprop.ComputeGradients(network, RandomNetworks.Normal(random, 16 * 6, 2), Enumerable.Range(0, 16).Select(i => (float)(i % 4)).ToArray(), 16, Loss.CrossEntropy(), grads);
            optimizer.Step(network, grads);
        }

        var inputs = RandomNetworks.Normal(random, 5 * 6);
        var predicted = new float[5 * 4];
        network.Predict(inputs, 5, predicted);
        var want = Reference(network, inputs, 5);
        for (int i = 0; i < predicted.Length; i++) Assert.True(Math.Abs(predicted[i] - want[i]) <= 1e-5, $"[{i}] {predicted[i]} vs {want[i]}");

        // Inference through a cache (no dropout, running statistics): the same map, unfolded.
        var cache = new ForwardCache(network);
        network.Forward(inputs, 5, cache, training: false);
        for (int i = 0; i < predicted.Length; i++) Assert.True(Math.Abs(cache.Outputs(3)[i] - want[i]) <= 1e-5);

        // A change of γ after the fold is seen by the next Predict.
        network.Layers[3].NormalizationScale[0] *= 2;
        network.Predict(inputs, 5, predicted);
        want = Reference(network, inputs, 5);
        for (int i = 0; i < predicted.Length; i++) Assert.True(Math.Abs(predicted[i] - want[i]) <= 1e-5);
    }

    [Fact]
    public void Dropout_masks_are_inverted_seeded_and_reproducible()
    {
        var network = new Network(new DenseLayer(10, 200, Activation.Relu, Normalization.None, dropoutRate: 0.25f), new DenseLayer(200, 3, Activation.Softmax));
        network.Initialize(1);
        var x = RandomNetworks.Normal(new Random(2), 8 * 10);
        var cache = new ForwardCache(network);
        cache.SeedDropout(42);
        network.Forward(x, 8, cache);
        var first = cache.DropoutMask(0).ToArray();
        cache.SeedDropout(42);
        network.Forward(x, 8, cache);
        Assert.Equal(first, cache.DropoutMask(0).ToArray());
        network.Forward(x, 8, cache);
        Assert.NotEqual(first, cache.DropoutMask(0).ToArray());
        Assert.All(first, m => Assert.True(m == 0f || m == 1f / 0.75f));
        double dropped = first.Count(m => m == 0) / (double)first.Length;
        Assert.InRange(dropped, 0.25 - 0.04, 0.25 + 0.04); // 1,600 draws: 4 standard deviations is 0.043.
        Assert.Empty(cache.DropoutMask(1).ToArray());
        Assert.Throws<ArgumentException>(() => new Network(new DenseLayer(3, 2, Activation.Identity, Normalization.None, 0.5f)));
    }

    [Fact]
    public void Training_with_normalization_and_dropout_is_bitwise_reproducible_and_learns()
    {
        (float[] Parameters, double[] Losses) Run(int seed)
        {
            var network = new Network(
                new DenseLayer(4, 16, Activation.Relu, Normalization.Batch, 0.2f),
                new DenseLayer(16, 12, Activation.Gelu, Normalization.Layer, 0.1f),
                new DenseLayer(12, 3, Activation.Softmax));
            network.Initialize(3);
            var options = new TrainerOptions { Epochs = 12, BatchSize = 16, Seed = seed };
            var history = new Trainer(network, Loss.CrossEntropy(), new Adam(0.01f), options).Fit(Blobs());
            var parameters = network.Layers.SelectMany(l => l.ReadOnlyWeights.ToArray().Concat(l.NormalizationScale.ToArray()).Concat(l.RunningVariance.ToArray())).ToArray();
            return (parameters, history.Epochs.Select(e => e.TrainLoss).ToArray());
        }

        var a = Run(7);
        var b = Run(7);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Losses, b.Losses);
        Assert.NotEqual(a.Parameters, Run(8).Parameters);
        Assert.True(a.Losses[^1] < a.Losses[0] / 2, $"{a.Losses[0]} → {a.Losses[^1]}");
    }

    [Fact]
    public void A_training_step_with_normalization_and_dropout_allocates_nothing()
    {
        var network = new Network(
            new DenseLayer(20, 16, Activation.Relu, Normalization.Batch, 0.2f),
            new DenseLayer(16, 12, Activation.Tanh, Normalization.Layer, 0.3f),
            new DenseLayer(12, 5, Activation.Softmax, Normalization.Batch));
        network.Initialize(1);
        var random = new Random(2);
        var x = RandomNetworks.Normal(random, 32 * 20);
        var indices = Enumerable.Range(0, 32).Select(i => (float)(i % 5)).ToArray();
        var grads = new Gradients(network);
        var loss = Loss.CrossEntropy();
        var outputs = new float[7 * 5];
        foreach (Optimizer optimizer in new Optimizer[] { new Sgd(0.01f, 0.9f, 1e-4f), new Adam(weightDecay: 1e-4f) })
        {
            void Step()
            {
                grads.Clear();
                Backprop.ComputeGradients(network, x, indices, 32, loss, grads);
                Backprop.ComputeGradients(network, x.AsSpan(0, 7 * 20), indices.AsSpan(0, 7), 7, loss, grads);
                Backprop.ComputeLoss(network, x.AsSpan(0, 7 * 20), indices.AsSpan(0, 7), 7, loss, outputs);
                optimizer.Step(network, grads);
                network.Predict(x.AsSpan(0, 7 * 20), 7, outputs);
            }

            for (int i = 0; i < 3; i++) Step();
            Assert.Equal(0, Allocations.FewestPerRun(Step));
        }
    }

    /// <summary>Inference in double: z = W·a + b, batch normalization with the running statistics, layer normalization, f; no dropout.</summary>
    private static double[] Reference(Network network, float[] inputs, int batch)
    {
        var a = RandomNetworks.ToDouble(inputs);
        foreach (var layer in network.Layers)
        {
            var w = layer.ReadOnlyWeights;
            var z = new double[batch * layer.Outputs];
            for (int s = 0; s < batch; s++)
            {
                for (int o = 0; o < layer.Outputs; o++)
                {
                    double sum = layer.Biases[o];
                    for (int i = 0; i < layer.Inputs; i++) sum += w[o * layer.Inputs + i] * a[s * layer.Inputs + i];
                    if (layer.Normalization == Normalization.Batch)
                    {
                        sum = layer.NormalizationScale[o] * (sum - layer.RunningMean[o]) / Math.Sqrt(layer.RunningVariance[o] + 1e-5) + layer.NormalizationShift[o];
                    }

                    z[s * layer.Outputs + o] = sum;
                }

                if (layer.Normalization == Normalization.Layer)
                {
                    var row = z.AsSpan(s * layer.Outputs, layer.Outputs);
                    double mean = row.ToArray().Average(), variance = row.ToArray().Average(v => (v - mean) * (v - mean));
                    for (int o = 0; o < row.Length; o++) row[o] = layer.NormalizationScale[o] * (row[o] - mean) / Math.Sqrt(variance + 1e-5) + layer.NormalizationShift[o];
                }
            }

            a = z.Select(v => layer.Activation switch
            {
                Activation.Tanh => Math.Tanh(v),
                Activation.Relu => Math.Max(v, 0),
                Activation.Gelu => 0.5 * v * (1 + Erf(v / Math.Sqrt(2))),
                _ => v,
            }).ToArray();
            if (layer.Activation == Activation.Softmax)
            {
                for (int s = 0; s < batch; s++)
                {
                    var row = a.AsSpan(s * layer.Outputs, layer.Outputs);
                    double max = row.ToArray().Max(), sum = row.ToArray().Sum(v => Math.Exp(v - max));
                    for (int o = 0; o < row.Length; o++) row[o] = Math.Exp(row[o] - max) / sum;
                }
            }
        }

        return a;
    }

    /// <summary>erf by its Taylor series (|x| stays small here) — enough for a 1e-5 comparison.</summary>
    private static double Erf(double x)
    {
        if (Math.Abs(x) > 4) return Math.Sign(x); // 1 − erf(4) is 1.5e-8.
        double term = x, sum = x;
        for (int n = 1; n < 120; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static Dataset Blobs()
    {
        var random = new Random(5);
        const int perClass = 40;
        var features = new float[3 * perClass * 4];
        var labels = new int[3 * perClass];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 3;
            for (int f = 0; f < 4; f++) features[i * 4 + f] = (float)(RandomNetworks.Normal(random, 1)[0] * 0.5 + (f == labels[i] ? 2 : 0));
        }

        return new Dataset(features, 4, labels, 3);
    }
}
