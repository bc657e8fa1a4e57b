using BenchmarkDotNet.Attributes;
using Numerics.Simd;
using System.Numerics.Tensors;

namespace SimdNn.Perf;

/// <summary>
/// GEMV y = A·x and y = Aᵀ·x for the MNIST-MLP layer shapes 784×256 and 256×784 (A stored m×n):
/// ours against a naive loop and against TensorPrimitives (Dot per row; MultiplyAdd per row for Aᵀ·x).
/// </summary>
[MemoryDiagnoser]
public class GemvBenchmarks
{
    private float[] a = [];
    private float[] x = [];
    private float[] y = [];

    [Params(784, 256)]
    public int M { get; set; }

    [Params(Transpose.No, Transpose.Yes)]
    public Transpose TransA { get; set; }

    private int N => M == 784 ? 256 : 784;

    [GlobalSetup]
    public void Setup()
    {
        a = ActivationData.Uniform(M * N, -1, 1, 5);
        x = ActivationData.Uniform(TransA == Transpose.No ? N : M, -1, 1, 6);
        y = new float[TransA == Transpose.No ? M : N];
    }

    [Benchmark(Baseline = true)]
    public void NaiveLoop()
    {
        int m = M, n = N;
        if (TransA == Transpose.No)
        {
            for (int i = 0; i < m; i++)
            {
                float sum = 0;
                for (int p = 0; p < n; p++) sum += a[i * n + p] * x[p];
                y[i] = sum;
            }
        }
        else
        {
            Array.Clear(y);
            for (int i = 0; i < m; i++)
            {
                float xi = x[i];
                for (int j = 0; j < n; j++) y[j] += a[i * n + j] * xi;
            }
        }
    }

    [Benchmark]
    public void TensorPrimitivesPerRow()
    {
        int m = M, n = N;
        if (TransA == Transpose.No)
        {
            for (int i = 0; i < m; i++) y[i] = TensorPrimitives.Dot(a.AsSpan(i * n, n), x);
        }
        else
        {
            Array.Clear(y);
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(a.AsSpan(i * n, n), x[i], y, y);
        }
    }

    [Benchmark]
    public void SimdNnGemv() => Gemv.Multiply(TransA, M, N, 1f, a, N, x, 0f, y);
}
