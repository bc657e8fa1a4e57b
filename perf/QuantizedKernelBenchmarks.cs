using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// One dense layer's product Z = A·Wᵀ + b (A rows × 784, W 256 × 784, one thread) with prepacked
/// weights: our float32 packed GEMM (baseline) against the int8 kernels (the raw int product, and
/// the whole int8 layer: QuantizeRows of A, then the fused dequantizing product with ReLU) and the
/// bfloat16 kernel. GFLOP/s counts 2·rows·784·256 operations, integer or float.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class QuantizedKernelBenchmarks
{
    private float[] a = [], bias = [], c = [], rowScales = [];
    private byte[] codes = [];
    private int[] sums = [], zeroPoints = [];
    private int rows, inputs, outputs;
    private GemmPackedB packedB = null!;
    private Int8PackedWeights int8 = null!;
    private BFloat16PackedWeights bfloat16 = null!;

    [Params("1x784x256", "64x784x256", "256x784x256")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        (rows, inputs, outputs) = (parts[0], parts[1], parts[2]);
        var random = new Random(1);
        a = Enumerable.Range(0, rows * inputs).Select(_ => (float)random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, outputs * inputs).Select(_ => (float)(random.NextDouble() - 0.5) / 10).ToArray();
        bias = Enumerable.Range(0, outputs).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        c = new float[rows * outputs];
        sums = new int[rows * outputs];
        codes = new byte[rows * inputs];
        rowScales = new float[rows];
        zeroPoints = new int[rows];
        Gemm.MaxDegreeOfParallelism = 1;
        packedB = GemmPackedB.Create(Transpose.Yes, inputs, outputs, weights, inputs);
        var weightCodes = new sbyte[weights.Length];
        var scales = new float[outputs];
        Int8Gemm.QuantizeWeights(weights, outputs, inputs, weightCodes, scales);
        int8 = new Int8PackedWeights(inputs, outputs);
        int8.Pack(weightCodes, scales);
        Int8Gemm.QuantizeRows(a, rows, inputs, codes, rowScales, zeroPoints);
        var bits = new ushort[weights.Length];
        BFloat16Gemm.Round(weights, bits);
        bfloat16 = new BFloat16PackedWeights(inputs, outputs);
        bfloat16.Pack(bits);
    }

    [Benchmark(Baseline = true)]
    public void Float32PackedGemm() => Gemm.MultiplyAddBiasRelu(Transpose.No, rows, a, inputs, packedB, bias, c, outputs);

    /// <summary>The int8 product alone (codes quantized in setup): the kernel's throughput.</summary>
    [Benchmark]
    public void Int8Multiply() => Int8Gemm.Multiply(rows, codes, inputs, int8, sums, outputs);

    /// <summary>The whole int8 layer from float activations: quantize each row, then the fused dequantizing product.</summary>
    [Benchmark]
    public void Int8Layer()
    {
        Int8Gemm.QuantizeRows(a, rows, inputs, codes, rowScales, zeroPoints);
        Int8Gemm.MultiplyDequantize(rows, codes, inputs, rowScales, zeroPoints, int8, bias, true, c, outputs);
    }

    [Benchmark]
    public void BFloat16Layer() => BFloat16Gemm.Multiply(rows, a, inputs, bfloat16, bias, true, c, outputs);

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new GflopsColumn(false));
        }
    }
}
