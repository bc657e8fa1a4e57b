using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// 1024³ SGEMM with <see cref="Gemm.MaxDegreeOfParallelism"/> = 1 (baseline) and 2: the speed-up
/// of the column-block split (issue 3 asks ≥ 1.6× on two cores).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class GemmThreadsBenchmarks
{
    private const int Size = 1024;
    private float[] a = [], b = [], c = [];

    [Params("1024x1024x1024")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        b = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        c = new float[Size * Size];
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.MaxDegreeOfParallelism = 1;

    [Benchmark(Baseline = true)]
    public void OneThread()
    {
        Gemm.MaxDegreeOfParallelism = 1;
        Gemm.Multiply(Transpose.No, Transpose.No, Size, Size, Size, 1f, a, Size, b, Size, 0f, c, Size);
    }

    [Benchmark]
    public void TwoThreads()
    {
        Gemm.MaxDegreeOfParallelism = 2;
        Gemm.Multiply(Transpose.No, Transpose.No, Size, Size, Size, 1f, a, Size, b, Size, 0f, c, Size);
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new GflopsColumn(false), new GflopsColumn(true));
    }
}
