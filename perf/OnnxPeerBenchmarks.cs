using BenchmarkDotNet.Attributes;

namespace SimdNn.Perf;

/// <summary>
/// Inference of small MLPs, ours against ONNX Runtime on one thread, plain Run and IoBinding
/// (<see cref="OnnxPeerPair"/>); the IoBinding run is the baseline. Median and Min are shown
/// because the machine is shared: other work inflates the mean of whichever benchmark it
/// overlaps. scripts/peer-bench.sh runs this class and writes perf/results/peers.md; it also
/// runs <see cref="PairedPeerRun"/>, which interleaves the two in one process.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class OnnxPeerBenchmarks
{
    private OnnxPeerPair pair = null!;

    /// <summary>Layer widths; hidden layers use ReLU, the last Softmax.</summary>
    [Params("784-256-128-10", "64-32-10")]
    public string Model { get; set; } = "";

    [Params(1, 16, 64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup() => pair = new OnnxPeerPair(Model, Batch);

    [GlobalCleanup]
    public void Cleanup() => pair.Dispose();

    [Benchmark]
    public void Ours() => pair.Ours();

    [Benchmark]
    public float OrtRun() => pair.OrtRun();

    [Benchmark(Baseline = true)]
    public void OrtIoBinding() => pair.OrtIoBinding();
}
