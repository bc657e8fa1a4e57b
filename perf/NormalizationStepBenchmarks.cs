using BenchmarkDotNet.Attributes;
using Nn.Dense;
using Nn.Training;

namespace SimdNn.Perf;

/// <summary>
/// What normalization and dropout cost in training (issue 17): one step (forward, backward, Adam update)
/// of a 784-256-128-10 MLP (ReLU, ReLU, Softmax + CrossEntropy with class-index targets) at batch 64,
/// single thread, plain (the baseline) against batch normalization and against layer normalization on
/// both hidden layers, each with dropout 0.2 after the hidden activations. The three networks start from
/// the same weights. Run: <c>dotnet run -c Release --project perf -- --filter '*NormalizationStepBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class NormalizationStepBenchmarks
{
    private const int Batch = 64;
    private const float DropoutRate = 0.2f;
    private readonly Loss loss = Loss.CrossEntropy();
    private Step plain = null!;
    private Step batchNormalized = null!;
    private Step layerNormalized = null!;
    private float[] inputs = null!;
    private float[] labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        plain = new Step(Normalization.None, 0f);
        batchNormalized = new Step(Normalization.Batch, DropoutRate);
        layerNormalized = new Step(Normalization.Layer, DropoutRate);
        (inputs, labels) = TrainingStepSetup.Batch(Batch);
    }

    [Benchmark(Baseline = true)]
    public float Plain() => plain.Run(inputs, labels, loss);

    [Benchmark]
    public float BatchNormalizationDropout() => batchNormalized.Run(inputs, labels, loss);

    [Benchmark]
    public float LayerNormalizationDropout() => layerNormalized.Run(inputs, labels, loss);

    /// <summary>A network with its gradients and optimizer: the state one step needs.</summary>
    private sealed class Step
    {
        private readonly Network network;
        private readonly Gradients grads;
        private readonly Adam adam = new();

        public Step(Normalization normalization, float dropoutRate)
        {
            network = TrainingStepSetup.Mlp(normalization, dropoutRate);
            grads = new Gradients(network);
        }

        public float Run(float[] inputs, float[] labels, Loss loss)
        {
            grads.Clear();
            float value = Backprop.ComputeGradients(network, inputs, labels, Batch, loss, grads);
            adam.Step(network, grads);
            return value;
        }
    }
}
