using BenchmarkDotNet.Attributes;
using Numerics.Simd;
using System.Numerics.Tensors;

namespace SimdNn.Perf;

/// <summary>Sigmoid over 1M floats (uniform in [−10, 10]): ours against TensorPrimitives.Sigmoid.</summary>
[MemoryDiagnoser]
public class SigmoidBenchmarks
{
    private readonly float[] x = ActivationData.Uniform(1 << 20, -10, 10, 1);
    private readonly float[] y = new float[1 << 20];

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid(x, y);

    [Benchmark]
    public void SimdNnSigmoid() => Activations.Sigmoid(x, y);
}

/// <summary>Tanh over 1M floats (uniform in [−5, 5]): ours against TensorPrimitives.Tanh.</summary>
[MemoryDiagnoser]
public class TanhBenchmarks
{
    private readonly float[] x = ActivationData.Uniform(1 << 20, -5, 5, 2);
    private readonly float[] y = new float[1 << 20];

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesTanh() => TensorPrimitives.Tanh(x, y);

    [Benchmark]
    public void SimdNnTanh() => Activations.Tanh(x, y);
}

/// <summary>ReLU over 1M floats: ours against TensorPrimitives.Max(x, 0) and a plain copy (memory speed).</summary>
[MemoryDiagnoser]
public class ReluBenchmarks
{
    private readonly float[] x = ActivationData.Uniform(1 << 20, -1, 1, 3);
    private readonly float[] y = new float[1 << 20];

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesMax() => TensorPrimitives.Max(x, 0f, y);

    [Benchmark]
    public void Copy() => x.AsSpan().CopyTo(y);

    [Benchmark]
    public void SimdNnRelu() => Activations.Relu(x, y);
}

/// <summary>Softmax over rows of 10 (a classifier's output layer): ours against TensorPrimitives.SoftMax per row.</summary>
[MemoryDiagnoser]
public class SoftmaxBenchmarks
{
    private const int Cols = 10;
    private float[] x = [];
    private float[] y = [];

    [Params(64, 10000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = ActivationData.Uniform(Rows * Cols, -8, 8, 4);
        y = new float[Rows * Cols];
    }

    [Benchmark(Baseline = true)]
    public void TensorPrimitivesSoftMaxPerRow()
    {
        for (int r = 0; r < Rows; r++) TensorPrimitives.SoftMax(x.AsSpan(r * Cols, Cols), y.AsSpan(r * Cols, Cols));
    }

    [Benchmark]
    public void SimdNnSoftmax() => Activations.Softmax(x, Rows, Cols, y);
}

internal static class ActivationData
{
    public static float[] Uniform(int length, float low, float high, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = low + (float)random.NextDouble() * (high - low);
        return values;
    }
}
