using System.Globalization;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MathNet.Numerics.LinearAlgebra;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// SGEMM C = A·B (M×K times K×N, row-major) at the shapes of issue 3, one thread: ours against
/// a naive i-k-j loop (baseline), TensorPrimitives row updates (C_i += a_ik·B_k, the best a user
/// gets from that package) and MathNet.Numerics' managed provider. GFLOP/s and % of the measured
/// FMA peak are extra columns. Also C = A·Bᵀ (a dense layer's Z = A·Wᵀ) and B prepacked
/// (<see cref="GemmPackedB"/>) for ours.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];
    private Matrix<float> mathNetA = null!, mathNetB = null!, mathNetC = null!;
    private int m, k, n;
    private GemmPackedB packedB = null!;

    [Params("64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "64x784x256", "64x256x128", "1x784x256")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        (m, k, n) = (parts[0], parts[1], parts[2]);
        var random = new Random(1);
        a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        c = new float[m * n];
        MathNet.Numerics.Control.UseManaged();
        mathNetA = Matrix<float>.Build.Dense(m, k, (i, j) => a[i * k + j]);
        mathNetB = Matrix<float>.Build.Dense(k, n, (i, j) => b[i * n + j]);
        mathNetC = Matrix<float>.Build.Dense(m, n);
        packedB = GemmPackedB.Create(Transpose.No, k, n, b, n);
        Gemm.MaxDegreeOfParallelism = 1;
    }

    [Benchmark(Baseline = true)]
    public void NaiveLoops()
    {
        Array.Clear(c);
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                float aip = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        }
    }

    [Benchmark]
    public void TensorPrimitivesRows()
    {
        Array.Clear(c);
        for (int i = 0; i < m; i++)
        {
            var row = c.AsSpan(i * n, n);
            for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(b.AsSpan(p * n, n), a[i * k + p], row, row);
        }
    }

    [Benchmark]
    public void MathNetManaged() => mathNetA.Multiply(mathNetB, mathNetC);

    [Benchmark]
    public void SimdNn() => Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);

    /// <summary>B packed once in setup (a layer's weights, as ONNX Runtime prepacks them): the product without the packing of B.</summary>
    [Benchmark]
    public void SimdNnPrepackedB() => Gemm.Multiply(Transpose.No, m, 1f, a, k, packedB, 0f, c, n);

    [Benchmark]
    public void SimdNnTransposedB() => Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n);

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new GflopsColumn(false), new GflopsColumn(true));
        }
    }
}
