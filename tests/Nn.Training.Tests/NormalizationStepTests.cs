using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Training.Tests;

/// <summary>
/// The training step of perf/NormalizationStepBenchmarks.cs (784-256-128-10 at batch 64, Adam, cross-entropy):
/// allocation-free with normalization and dropout at the sizes where the blocked GEMM runs; and the dead-ReLU
/// report, which runs after training, leaves batch normalization's running statistics as they were.
/// </summary>
public class NormalizationStepTests
{
    private static Network Mlp(Normalization normalization, float dropoutRate)
    {
        var network = new Network(
            new DenseLayer(784, 256, Activation.Relu, normalization, dropoutRate),
            new DenseLayer(256, 128, Activation.Relu, normalization, dropoutRate),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(42);
        return network;
    }

    [Theory]
    [InlineData(Normalization.Batch)]
    [InlineData(Normalization.Layer)]
    public void A_benchmark_sized_step_with_normalization_and_dropout_allocates_nothing(Normalization normalization)
    {
        const int batch = 64;
        var network = Mlp(normalization, 0.2f);
        var random = new Random(7);
        var inputs = RandomNetworks.Normal(random, batch * 784);
        var labels = Enumerable.Range(0, batch).Select(_ => (float)random.Next(10)).ToArray();
        var grads = new Gradients(network);
        var loss = Loss.CrossEntropy();
        var adam = new Adam();
        void Step()
        {
            grads.Clear();
            Backprop.ComputeGradients(network, inputs, labels, batch, loss, grads);
            adam.Step(network, grads);
        }

        for (int i = 0; i < 3; i++) Step();
        Assert.Equal(0, Allocations.FewestPerRun(Step));
    }

    [Fact]
    public void The_dead_relu_report_runs_in_inference_mode_and_leaves_the_running_statistics_alone()
    {
        var network = Mlp(Normalization.Batch, 0.5f);
        var inputs = RandomNetworks.Normal(new Random(3), 40 * 784);
        var before = network.Layers.Select(l => l.RunningMean.ToArray().Concat(l.RunningVariance.ToArray()).ToArray()).ToArray();
        var first = DeadReluReport.Analyze(network, inputs, 40, chunk: 16);
        Assert.Equal(before, network.Layers.Select(l => l.RunningMean.ToArray().Concat(l.RunningVariance.ToArray()).ToArray()).ToArray());
        // Dropout is off, so the report does not depend on masks drawn meanwhile.
        var second = DeadReluReport.Analyze(network, inputs, 40, chunk: 16);
        Assert.Equal(first.Layers.Select(l => l.DeadUnits.ToArray()), second.Layers.Select(l => l.DeadUnits.ToArray()));
    }
}
