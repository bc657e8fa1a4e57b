using Nn.Dense;

namespace Nn.Training.Tests;

public class BackpropTests
{
    [Fact]
    public void Threads_sharing_a_network_get_the_same_gradients_as_one_thread()
    {
        var random = new Random(4);
        var network = new Network(new DenseLayer(12, 9, Activation.Tanh), new DenseLayer(9, 4, Activation.Softmax));
        network.Initialize(3);
        var x = RandomNetworks.Normal(random, 16 * 12);
        var t = Enumerable.Range(0, 16).Select(i => (float)(i % 4)).ToArray();
        var want = new Gradients(network);
        Backprop.ComputeGradients(network, x, t, 16, Loss.CrossEntropy(), want);

        var results = new Gradients[4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var grads = new Gradients(network);
            for (int repeat = 0; repeat < 50; repeat++)
            {
                grads.Clear();
                Backprop.ComputeGradients(network, x, t, 16, Loss.CrossEntropy(), grads);
            }

            results[i] = grads;
        });

        foreach (var got in results)
        {
            for (int l = 0; l < 2; l++)
            {
                Assert.Equal(want.Weights(l).ToArray(), got.Weights(l).ToArray());
                Assert.Equal(want.Biases(l).ToArray(), got.Biases(l).ToArray());
            }
        }
    }

    [Fact]
    public void Gradients_accumulate_across_calls()
    {
        // Dyadic data through an Identity layer: every product and sum is exact, so two calls give exactly twice one call.
        var network = new Network(new DenseLayer(2, 2, Activation.Identity));
        network.Layers[0].CopyWeightsFrom([0.5f, -1, 2, 0.25f]);
        float[] x = [1, 2, -3, 0.5f];
        float[] t = [0, 1, 1, 0];
        var once = new Gradients(network);
        var twice = new Gradients(network);
        Backprop.ComputeGradients(network, x, t, 2, Loss.MeanSquaredError(Reduction.Sum), once);
        Backprop.ComputeGradients(network, x, t, 2, Loss.MeanSquaredError(Reduction.Sum), twice);
        Backprop.ComputeGradients(network, x, t, 2, Loss.MeanSquaredError(Reduction.Sum), twice);
        Assert.Equal(once.Weights(0).ToArray().Select(v => 2 * v), twice.Weights(0).ToArray());
        Assert.Equal(once.Biases(0).ToArray().Select(v => 2 * v), twice.Biases(0).ToArray());
        twice.Clear();
        Assert.All(twice.Weights(0).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_single_sigmoid_output_trains_a_binary_classifier_with_label_targets()
    {
        var data = TrainerTests.Blobs(9, samples: 120, features: 3, classes: 2);
        var network = new Network(new DenseLayer(3, 6, Activation.Relu), new DenseLayer(6, 1, Activation.Sigmoid));
        network.Initialize(4);
        var history = new Trainer(network, Loss.BinaryCrossEntropy(), new Adam(0.02f), new TrainerOptions { Epochs = 30, BatchSize = 16 }).Fit(data);
        Assert.True(history.Epochs[^1].TrainAccuracy > 0.9, history.Epochs[^1].ToString());
        Assert.True(Metrics.Evaluate(network, data).Accuracy > 0.9);
    }

    [Fact]
    public void GradientCheck_validates_its_arguments()
    {
        var network = new Network(new DenseLayer(2, 2, Activation.Softmax));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Run(network, [1, 2], [0], 1, Loss.CrossEntropy(), step: 0));
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(network, [1], [0], 1, Loss.CrossEntropy()));
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(network, [1, 2], [5], 1, Loss.CrossEntropy()));
    }
}
