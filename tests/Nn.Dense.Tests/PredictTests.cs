using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Zero allocation, thread safety and argument checks of <see cref="Network.Predict(ReadOnlySpan{float}, int, Span{float})"/>.</summary>
public class PredictTests
{
    private static Network Mnist(int seed)
    {
        var network = new Network(
            new DenseLayer(784, 64, Activation.Relu),
            new DenseLayer(64, 32, Activation.LeakyRelu),
            new DenseLayer(32, 10, Activation.Softmax));
        network.Initialize(seed);
        return network;
    }

    [Fact]
    public void Predict_allocates_nothing_after_warm_up()
    {
        var network = Mnist(1);
        var random = new Random(2);
        var single = TestNetworks.RandomArray(random, 784);
        var batchInputs = TestNetworks.RandomArray(random, 33 * 784);
        int large = 70;
        var largeInputs = TestNetworks.RandomArray(random, large * 784);
        var largeOutputs = new float[large * 10];
        var output = new float[10];
        var outputs = new float[33 * 10];
        network.Predict(single, output);
        network.Predict(batchInputs, 33, outputs);
        network.Predict(batchInputs.AsSpan(0, 5 * 784), 5, outputs.AsSpan(0, 50));
        network.Predict(largeInputs, large, largeOutputs);

        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            network.Predict(single, output);
            network.Predict(batchInputs, 33, outputs);
            network.Predict(batchInputs.AsSpan(0, 5 * 784), 5, outputs.AsSpan(0, 50));
            network.Predict(largeInputs, large, largeOutputs);
        }));
    }

    [Fact]
    public void Layer_forward_allocates_nothing()
    {
        var layer = new DenseLayer(50, 20, Activation.Sigmoid);
        var inputs = new float[3 * 50];
        var z = new float[3 * 20];
        layer.Forward(inputs, 3, z, z);
        Assert.Equal(0, Allocations.FewestPerRun(() => layer.Forward(inputs, 3, z, z)));
    }

    [Fact]
    public void Many_threads_on_one_network_give_the_single_threaded_results_bitwise()
    {
        var network = Mnist(3);
        const int cases = 64;
        var random = new Random(4);
        var batches = new int[cases];
        var inputs = new float[cases][];
        var expected = new float[cases][];
        for (int c = 0; c < cases; c++)
        {
            batches[c] = random.Next(1, 9);
            inputs[c] = TestNetworks.RandomArray(random, batches[c] * 784);
            expected[c] = new float[batches[c] * 10];
            network.Predict(inputs[c], batches[c], expected[c]);
        }

        const int threads = 8, callsPerThread = 400;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var local = new Random(100 + t);
            var output = new float[8 * 10];
            for (int call = 0; call < callsPerThread; call++)
            {
                int c = local.Next(cases);
                var span = output.AsSpan(0, batches[c] * 10);
                if (batches[c] == 1) network.Predict(inputs[c], span);
                else network.Predict(inputs[c], batches[c], span);
                if (!span.SequenceEqual(expected[c]))
                {
                    failures.Enqueue($"thread {t}, call {call}, case {c} (batch {batches[c]})");
                }
            }
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        Assert.True(failures.IsEmpty, string.Join("; ", failures.Take(5)));
    }

    [Fact]
    public void Predict_rejects_wrong_lengths_naming_the_argument()
    {
        var network = Mnist(5);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => network.Predict(new float[783], new float[10])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => network.Predict(new float[784], new float[11])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.Predict(new float[784], 2, new float[20])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => network.Predict(new float[1568], 2, new float[19])).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(Array.Empty<float>(), -1, Array.Empty<float>())).ParamName);
    }

    [Fact]
    public void Predict_sees_weights_written_in_place_at_once()
    {
        var layer = new DenseLayer(2, 1, Activation.Identity);
        var network = new Network(layer);
        var output = new float[1];
        network.Predict([1f, 2f], output);
        Assert.Equal(0f, output[0]);
        layer.Weights[1] = 3f;
        layer.Biases[0] = 0.5f;
        network.Predict([1f, 2f], output);
        Assert.Equal(6.5f, output[0]);
        layer.CopyWeightsFrom([1f, 1f]);
        network.Predict([1f, 2f], 1, output);
        Assert.Equal(3.5f, output[0]);
    }
}
