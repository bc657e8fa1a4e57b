using BenchmarkDotNet.Attributes;
using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// Inference of a 784-256-128-10 MLP (ReLU, ReLU, Softmax), single thread, against a naive
/// loop implementation (baseline) and MathNet.Numerics' managed provider, in the same run.
/// Run: <c>dotnet run -c Release --project perf -- --filter '*NetworkBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private Network network = null!;
    private NaiveNetwork naive = null!;
    private MathNetNetwork mathNet = null!;
    private float[] inputs = null!;
    private float[] outputs = null!;

    /// <summary>Samples per call.</summary>
    [Params(1, 64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        network = new Network(
            new DenseLayer(784, 256, Activation.Relu),
            new DenseLayer(256, 128, Activation.Relu),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(42);
        var random = new Random(7);
        inputs = new float[Batch * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        outputs = new float[Batch * 10];
        naive = new NaiveNetwork(network, Batch);
        mathNet = new MathNetNetwork(network, Batch);
        CheckPeersAgree();
    }

    /// <summary>A benchmark of a wrong peer is worthless: the three must give the same probabilities.</summary>
    private void CheckPeersAgree()
    {
        var ours = new float[outputs.Length];
        var theirs = new float[outputs.Length];
        network.Predict(inputs, Batch, ours);
        foreach (Action<float[], int, float[]> peer in new Action<float[], int, float[]>[] { naive.Predict, mathNet.Predict })
        {
            peer(inputs, Batch, theirs);
            for (int i = 0; i < ours.Length; i++)
            {
                if (Math.Abs(ours[i] - theirs[i]) > 1e-4f)
                {
                    throw new InvalidOperationException($"Peers disagree at output {i}: {ours[i]} vs {theirs[i]}.");
                }
            }
        }
    }

    [Benchmark(Baseline = true)]
    public void NaiveLoops() => naive.Predict(inputs, Batch, outputs);

    [Benchmark]
    public void MathNetManaged() => mathNet.Predict(inputs, Batch, outputs);

    [Benchmark]
    public void SimdNn()
    {
        if (Batch == 1) network.Predict(inputs, outputs);
        else network.Predict(inputs, Batch, outputs);
    }
}
