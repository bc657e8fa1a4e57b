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
        network = new Network(
            new DenseLayer(784, 256, Activation.Relu),
            new DenseLayer(256, 128, Activation.Relu),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(42);
        grads = new Gradients(network);
        sgd = new Sgd(LearningRate);
        loss = Loss.CrossEntropy();
        var random = new Random(7);
        inputs = new float[Batch * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        labels = new float[Batch];
        for (int i = 0; i < labels.Length; i++) labels[i] = random.Next(10);
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
