using BenchmarkDotNet.Attributes;
using Nn.Dense;
using Nn.Training;

namespace SimdNn.Perf;

/// <summary>
/// One training step (forward, backward, SGD update) of a 784-256-128-10 MLP (ReLU, ReLU,
/// Softmax + CrossEntropy with class-index targets), single thread, against the same math written
/// with MathNet.Numerics matrices (baseline), in the same run.
/// Run: <c>dotnet run -c Release --project perf -- --filter '*TrainingBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TrainingBenchmarks
{
    private const float LearningRate = 0.01f;
    private Network network = null!;
    private Gradients grads = null!;
    private Sgd sgd = null!;
    private Loss loss = null!;
    private MathNetTrainer mathNet = null!;
    private float[] inputs = null!;
    private float[] labels = null!;

    /// <summary>Samples per step.</summary>
    [Params(64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        network = TrainingStepSetup.Mlp();
        grads = new Gradients(network);
        sgd = new Sgd(LearningRate);
        loss = Loss.CrossEntropy();
        (inputs, labels) = TrainingStepSetup.Batch(Batch);
        mathNet = new MathNetTrainer(network, Batch);

        // Both sides start from the same weights: their first losses must agree.
        float ours = Backprop.ComputeLoss(network, inputs, labels, Batch, loss);
        float theirs = mathNet.Step(inputs, labels, LearningRate);
        if (Math.Abs(ours - theirs) > 1e-3f * Math.Max(1, Math.Abs(ours)))
        {
            throw new InvalidOperationException($"The MathNet peer disagrees: loss {theirs} vs {ours}.");
        }
    }

    [Benchmark(Baseline = true)]
    public float MathNetStep() => mathNet.Step(inputs, labels, LearningRate);

    [Benchmark]
    public float SimdNnStep()
    {
        grads.Clear();
        float value = Backprop.ComputeGradients(network, inputs, labels, Batch, loss, grads);
        sgd.Step(network, grads);
        return value;
    }
}
