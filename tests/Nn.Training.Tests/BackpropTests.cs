using Nn.Dense;
using SimdNn.Testing;

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
    public void The_outputs_overloads_hand_back_predicts_outputs_and_change_nothing_else()
    {
        var random = new Random(11);
        var network = new Network(new DenseLayer(6, 8, Activation.Relu), new DenseLayer(8, 4, Activation.Softmax));
        network.Initialize(5);
        var x = RandomNetworks.Normal(random, 9 * 6);
        var t = Enumerable.Range(0, 9).Select(i => (float)(i % 4)).ToArray();
        var predicted = new float[9 * 4];
        network.Predict(x, 9, predicted);

        var plain = new Gradients(network);
        float plainLoss = Backprop.ComputeGradients(network, x, t, 9, Loss.CrossEntropy(), plain);
        var withOutputs = new Gradients(network);
        var outputs = new float[9 * 4];
        float loss = Backprop.ComputeGradients(network, x, t, 9, Loss.CrossEntropy(), withOutputs, outputs);
        Assert.Equal(plainLoss, loss);
        Assert.Equal(predicted, outputs);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(plain.Weights(l).ToArray(), withOutputs.Weights(l).ToArray());
            Assert.Equal(plain.Biases(l).ToArray(), withOutputs.Biases(l).ToArray());
        }

        var lossOutputs = new float[9 * 4];
        Assert.Equal(plainLoss, Backprop.ComputeLoss(network, x, t, 9, Loss.CrossEntropy(), lossOutputs));
        Assert.Equal(predicted, lossOutputs);
        var crossEntropy = Loss.CrossEntropy();
        Assert.Equal(0, Allocations.FewestPerRun(() => Backprop.ComputeGradients(network, x, t, 9, crossEntropy, withOutputs, outputs)));
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() =>
            Backprop.ComputeGradients(network, x, t, 9, Loss.CrossEntropy(), plain, new float[9 * 4 - 1])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() =>
            Backprop.ComputeLoss(network, x, t, 9, Loss.CrossEntropy(), new float[9 * 4 + 1])).ParamName);
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
