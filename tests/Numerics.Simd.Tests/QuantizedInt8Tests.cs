using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// Int8Gemm.Multiply and MultiplyDequantize against the naive long reference: the int part must
/// be exact on every path, for every remainder of the panel width (NR = 16, 8, 4), of the row
/// block and of the 4-input groups.
/// </summary>
public class QuantizedInt8Tests
{
    private const double U = 1.0 / (1 << 24);

    internal static readonly int[] InputSizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 784];
    internal static readonly int[] RowSizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 17];

    /// <summary>1 … 33 (every remainder of 2·NR + 1 for every NR), then 127 … 129 and 256.</summary>
    internal static IEnumerable<int> OutputSizes() => Enumerable.Range(1, 33).Concat([127, 128, 129, 256]);

    public static TheoryData<int> Inputs() => new(InputSizes);

    internal static sbyte[] RandomWeights(Random random, int count)
    {
        var w = new sbyte[count];
        for (int i = 0; i < count; i++) w[i] = (sbyte)random.Next(-127, 128);
        return w;
    }

    internal static byte[] RandomCodes(Random random, int count)
    {
        var a = new byte[count];
        for (int i = 0; i < count; i++) a[i] = (byte)random.Next(0, 128);
        return a;
    }

    internal static Int8PackedWeights Pack(sbyte[] w, int inputs, int outputs, float[]? scales = null)
    {
        var packed = new Int8PackedWeights(inputs, outputs);
        packed.Pack(w, scales ?? new float[outputs]);
        return packed;
    }

    private static void AssertProduct(int rows, byte[] a, int lda, sbyte[] w, int inputs, int outputs, int ldc, string context)
    {
        var packed = Pack(w, inputs, outputs);
        var c = new int[(rows - 1) * ldc + outputs + 3];
        Array.Fill(c, int.MinValue);
        Int8Gemm.Multiply(rows, a, lda, packed, c, ldc);
        long[] want = ReferenceQuantized.Int8Product(rows, a, lda, w, inputs, outputs);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < ldc && i * ldc + j < c.Length; j++)
            {
                int got = c[i * ldc + j];
                if (j < outputs && got != want[i * outputs + j])
                {
                    Assert.Fail($"{context}: c[{i},{j}] = {got}, want {want[i * outputs + j]} (rows={rows} inputs={inputs} outputs={outputs} lda={lda} ldc={ldc} path={Isa.VectorBits})");
                }

                if (j >= outputs && got != int.MinValue) Assert.Fail($"{context}: c[{i},{j}] past the outputs was written (ldc={ldc})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Multiply_is_exact_for_every_edge_of_rows_outputs_and_inputs(int inputs)
    {
        var random = new Random(inputs);
        foreach (int outputs in OutputSizes())
        {
            if (inputs == 784 && outputs is > 33 and not 256) continue; // the big shape once, the edges on small ones
            var w = RandomWeights(random, outputs * inputs);
            foreach (int rows in RowSizes)
            {
                int lda = inputs + random.Next(3), ldc = outputs + random.Next(3);
                var a = RandomCodes(random, (rows - 1) * lda + inputs);
                AssertProduct(rows, a, lda, w, inputs, outputs, ldc, "random");
            }
        }
    }

    [Theory]
    [InlineData(127)]
    [InlineData(-127)]
    public void Multiply_does_not_saturate_with_every_code_127_and_every_weight_at_the_extreme(int weight)
    {
        foreach (int inputs in InputSizes)
        {
            foreach (int outputs in new[] { 1, 7, 8, 9, 16, 17, 33 })
            {
                var w = Enumerable.Repeat((sbyte)weight, outputs * inputs).ToArray();
                foreach (int rows in new[] { 1, 4, 5, 9 })
                {
                    var a = Enumerable.Repeat((byte)127, rows * inputs).ToArray();
                    AssertProduct(rows, a, inputs, w, inputs, outputs, outputs, $"all {weight}");
                }
            }
        }
    }

    [Fact]
    public void Multiply_is_exact_at_the_largest_input_count()
    {
        int inputs = Int8PackedWeights.MaxInputs, outputs = 3, rows = 2;
        var w = new sbyte[outputs * inputs];
        for (int p = 0; p < inputs; p++)
        {
            w[p] = 127;
            w[inputs + p] = -127;
            w[2 * inputs + p] = (sbyte)(p % 2 == 0 ? 127 : -127);
        }

        var a = Enumerable.Repeat((byte)127, rows * inputs).ToArray();
        AssertProduct(rows, a, inputs, w, inputs, outputs, outputs, "MaxInputs");
    }

    [Fact]
    public void Rows_zero_is_a_no_op_and_inputs_zero_gives_zeros_and_the_bias()
    {
        var packed = Pack([], 0, 5, [1, 1, 1, 1, 1]);
        var c = Enumerable.Repeat(7, 10).ToArray();
        Int8Gemm.Multiply(0, [], 1, packed, c, 5);
        Assert.All(c, value => Assert.Equal(7, value));
        Int8Gemm.Multiply(2, new byte[1], 1, packed, c, 5);
        Assert.All(c, value => Assert.Equal(0, value));
        var f = new float[5];
        Int8Gemm.MultiplyDequantize(1, new byte[1], 1, [0.5f], [3], packed, [1, -2, 3, -4, 5], true, f, 5);
        Assert.Equal([1f, 0f, 3f, 0f, 5f], f);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void MultiplyDequantize_is_the_formula_bit_for_bit_and_within_the_bound_of_its_roundings(int inputs)
    {
        // The kernel computes FMA(float(s − zp·colsum), fl(rowScale·scale), bias) from an exact
        // int s. Against the exact value v = (s − zp·colsum)·rowScale·scale + bias, the three
        // roundings (int to float, the product of the scales, the FMA) each contribute at most
        // u = 2⁻²⁴ relative: |got − v| ≤ ((1 + u)³ − 1)·|(s − zp·colsum)·rowScale·scale| + u·|bias|
        // ≤ 3.01·u·(|(s − zp·colsum)·rowScale·scale| + |bias|). The ReLU is exact.
        var random = new Random(inputs + 1000);
        foreach (int outputs in new[] { 1, 3, 4, 5, 8, 9, 16, 17, 31, 33, 129 })
        {
            var w = RandomWeights(random, outputs * inputs);
            var scales = Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble() / 64).ToArray();
            var packed = Pack(w, inputs, outputs, scales);
            var bias = Enumerable.Range(0, outputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            foreach (int rows in RowSizes)
            {
                int lda = inputs + random.Next(3), ldc = outputs + random.Next(3);
                var a = RandomCodes(random, (rows - 1) * lda + inputs);
                var rowScales = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble() / 32).ToArray();
                var zeroPoints = Enumerable.Range(0, rows).Select(_ => random.Next(0, 128)).ToArray();
                bool relu = random.Next(2) == 0;
                var c = new float[(rows - 1) * ldc + outputs];
                Int8Gemm.MultiplyDequantize(rows, a, lda, rowScales, zeroPoints, packed, bias, relu, c, ldc);
                long[] sums = ReferenceQuantized.Int8Product(rows, a, lda, w, inputs, outputs);
                int[] columnSums = ReferenceQuantized.RowSums(w, inputs, outputs);
                Assert.Equal(columnSums, packed.ColumnSums.ToArray());
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < outputs; j++)
                    {
                        long corrected = sums[i * outputs + j] - (long)zeroPoints[i] * columnSums[j];
                        float formula = MathF.FusedMultiplyAdd(corrected, rowScales[i] * scales[j], bias[j]);
                        double exact = corrected * (double)rowScales[i] * scales[j] + bias[j];
                        double tolerance = 3.01 * U * (Math.Abs(corrected * (double)rowScales[i] * scales[j]) + Math.Abs(bias[j]));
                        if (relu)
                        {
                            formula = Math.Max(formula, 0f);
                            exact = Math.Max(exact, 0);
                        }

                        float got = c[i * ldc + j];
                        string context = $"c[{i},{j}] rows={rows} inputs={inputs} outputs={outputs} relu={relu} path={Isa.VectorBits}";
                        Assert.True(BitConverter.SingleToInt32Bits(got) == BitConverter.SingleToInt32Bits(formula), $"{context}: {got:R}, formula {formula:R}");
                        Assert.True(Math.Abs(got - exact) <= tolerance, $"{context}: {got:R}, exact {exact:R} (tolerance {tolerance:R})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_entry_point_allocates_nothing_when_warm()
    {
        int rows = 5, inputs = 37, outputs = 19;
        var random = new Random(5);
        var x = Enumerable.Range(0, rows * inputs).Select(_ => (float)random.NextDouble() - 0.3f).ToArray();
        var weights = Enumerable.Range(0, outputs * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var codes = new byte[rows * inputs];
        var weightCodes = new sbyte[outputs * inputs];
        float[] rowScales = new float[rows], scales = new float[outputs], bias = new float[outputs], c = new float[rows * outputs];
        var zeroPoints = new int[rows];
        var sums = new int[rows * outputs];
        var packed = new Int8PackedWeights(inputs, outputs);
        void Run()
        {
            Int8Gemm.QuantizeWeights(weights, outputs, inputs, weightCodes, scales);
            packed.Pack(weightCodes, scales);
            Int8Gemm.QuantizeRows(x, rows, inputs, codes, rowScales, zeroPoints);
            Int8Gemm.Multiply(rows, codes, inputs, packed, sums, outputs);
            Int8Gemm.Multiply(1, codes, inputs, packed, sums, outputs);
            Int8Gemm.MultiplyDequantize(rows, codes, inputs, rowScales, zeroPoints, packed, bias, true, c, outputs);
            Int8Gemm.MultiplyDequantize(1, codes, inputs, rowScales, zeroPoints, packed, bias, false, c, outputs);
        }

        Run();
        Assert.Equal(0, Allocations.FewestPerRun(Run));
    }
}
