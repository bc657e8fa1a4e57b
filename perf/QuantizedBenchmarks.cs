using BenchmarkDotNet.Attributes;

namespace SimdNn.Perf;

/// <summary>
/// Quantized inference of 784-256-128-10 on one thread (<see cref="QuantizedPeerSet"/>): ours in float32, int8 and
/// bfloat16 against ONNX Runtime on the float32 export (the baseline) and on the int8 export of the same int8
/// weights, both ORT sessions through IoBinding. Median and Min are shown because the machine is shared; for
/// ratios on a busy host prefer <see cref="QuantizedPairedRun"/>, which interleaves the five in one process.
/// Run: <c>dotnet run -c Release --project perf -- --filter '*QuantizedBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class QuantizedBenchmarks
{
    private QuantizedPeerSet set = null!;

    /// <summary>Samples per call.</summary>
    [Params(1, 64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup() => set = new QuantizedPeerSet(Batch);

    [GlobalCleanup]
    public void Cleanup() => set.Dispose();

    [Benchmark]
    public void OursFloat32() => set.OursFloat32();

    [Benchmark]
    public void OursInt8() => set.OursInt8();

    [Benchmark]
    public void OursBFloat16() => set.OursBFloat16();

    [Benchmark(Baseline = true)]
    public void OrtFloat32() => set.OrtFloat32();

    [Benchmark]
    public void OrtInt8() => set.OrtInt8();
}
