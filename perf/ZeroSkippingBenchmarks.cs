using BenchmarkDotNet.Attributes;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// The one-row product with a prepacked B (a dense layer at batch 1) on an x with a given
/// fraction of zeros: reading every row of B (the baseline, <see cref="Gemm.SkipZeroRows"/>
/// off) against skipping the rows whose x is zero (GemmPackedGemv.Sparse.cs, 512- and 256-bit
/// paths). Shapes: the 784-256-128-10 MLP's first two layers and a two-panel layer; 0% zeros is
/// the cost of counting them.
/// </summary>
[MemoryDiagnoser]
public class ZeroSkippingBenchmarks
{
    private GemmPackedB packed = new(0, 0);
    private float[] x = [];
    private float[] bias = [];
    private float[] c = [];
    private int k, n;

    [Params("784x256", "256x128", "256x64")]
    public string Shape { get; set; } = "784x256";

    [Params(0.0, 0.3, 0.5, 0.8)]
    public double ZeroFraction { get; set; }

    [GlobalSetup(Target = nameof(SkippingZeros))]
    public void Setup()
    {
        k = int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
        n = int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(1);
        packed = GemmPackedB.Create(Transpose.Yes, k, n, ActivationData.Uniform(n * k, -0.5f, 0.5f, 2), k);
        x = ActivationData.Uniform(k, 0, 1, 3);
        for (int p = 0; p < k; p++)
        {
            if (random.NextDouble() < ZeroFraction) x[p] = 0;
        }

        bias = new float[n];
        c = new float[n];
    }

    /// <summary>Every row read: <see cref="Gemm.SkipZeroRows"/> off for this benchmark's process.</summary>
    [GlobalSetup(Target = nameof(EveryRow))]
    public void SetupEveryRow()
    {
        Setup();
        Gemm.SkipZeroRows = false;
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.SkipZeroRows = true;

    [Benchmark(Baseline = true)]
    public void EveryRow() => Product();

    [Benchmark]
    public void SkippingZeros() => Product();

    private void Product() => Gemm.MultiplyAddBias(Transpose.No, 1, x, k, packed, bias, c, n);
}
