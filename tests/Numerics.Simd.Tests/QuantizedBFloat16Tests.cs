using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>BFloat16Gemm: the rounding against a bit-level reference, the product against the double reference.</summary>
public class QuantizedBFloat16Tests
{
    // A k-term float32 FMA chain has error ≤ k·u·Σ|a·w| (each FMA rounds once), the bias and the
    // adding of partial sums a few roundings more: (k + 2)·u·(Σ|a·w| + |bias|), as for the float GEMM.
    private const double U = 1.0 / (1 << 24);

    private static void AssertRounds(float value)
    {
        ushort got = BFloat16Gemm.Round(value), want = ReferenceQuantized.RoundToBFloat16(value);
        Assert.True(got == want, $"Round({value:R} = 0x{BitConverter.SingleToUInt32Bits(value):X8}) = 0x{got:X4}, want 0x{want:X4}");
        var bits = new ushort[1];
        BFloat16Gemm.Round([value], bits);
        Assert.Equal(want, bits[0]);
    }

    [Fact]
    public void Round_matches_the_bit_level_reference_on_special_values_ties_and_subnormals()
    {
        uint[] patterns =
        [
            0x00000000, 0x80000000, 0x3F800000, 0xBF800000,
            0x3F808000, 0x3F818000, 0x3F808001, 0x3F807FFF, // ties to even (down, up), just above and below a half
            0x00008000, 0x00018000, 0x00000001, 0x807FFFFF, 0x007F8000, 0x007FFFFF, // subnormals, one rounding up into the normals
            0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F7F0000, // the largest bfloat16, and values that round to ±∞
            0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001, 0x7FBFFFFF, 0x7F80FFFF, // ±∞, quiet and signalling NaNs
        ];
        foreach (uint pattern in patterns) AssertRounds(BitConverter.UInt32BitsToSingle(pattern));
        Assert.Equal(0x7F80, BFloat16Gemm.Round(float.MaxValue));
        Assert.Equal(0xFF80, BFloat16Gemm.Round(float.MinValue));
        Assert.Equal(0x7F7F, BFloat16Gemm.Round(BitConverter.UInt32BitsToSingle(0x7F7F7FFF)));
        Assert.Equal(0x3F80, BFloat16Gemm.Round(BitConverter.UInt32BitsToSingle(0x3F808000)));
        Assert.Equal(0x3F82, BFloat16Gemm.Round(BitConverter.UInt32BitsToSingle(0x3F818000)));
        Assert.True(float.IsNaN(BFloat16Gemm.Widen(BFloat16Gemm.Round(BitConverter.UInt32BitsToSingle(0x7F800001)))));
        Assert.True(float.IsNegative(BFloat16Gemm.Widen(BFloat16Gemm.Round(BitConverter.UInt32BitsToSingle(0xFF800001)))));
    }

    [Fact]
    public void Round_matches_the_reference_on_random_bit_patterns_for_every_span_length()
    {
        var random = new Random(19);
        for (int length = 0; length < 200; length++)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                // Random bits, with the dropped half a tie a quarter of the time.
                uint bits = (uint)random.NextInt64(0, 1L << 32);
                if (random.Next(4) == 0) bits = (bits & 0xFFFF0000) | 0x8000;
                values[i] = BitConverter.UInt32BitsToSingle(bits);
            }

            var got = new ushort[length + 1];
            got[length] = 0xABCD;
            BFloat16Gemm.Round(values, got);
            for (int i = 0; i < length; i++)
            {
                ushort want = ReferenceQuantized.RoundToBFloat16(values[i]);
                Assert.True(got[i] == want, $"length {length}: Round(0x{BitConverter.SingleToUInt32Bits(values[i]):X8}) = 0x{got[i]:X4}, want 0x{want:X4}");
            }

            Assert.Equal(0xABCD, got[length]);
        }
    }

    [Fact]
    public void Widen_is_the_exact_value()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            float wide = BFloat16Gemm.Widen((ushort)bits);
            Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(wide));
            if (!float.IsNaN(wide)) Assert.Equal(bits, BFloat16Gemm.Round(wide));
        }
    }

    [Theory]
    [MemberData(nameof(QuantizedInt8Tests.Inputs), MemberType = typeof(QuantizedInt8Tests))]
    public void Multiply_matches_the_double_reference_for_every_edge(int inputs)
    {
        var random = new Random(inputs + 77);
        foreach (int outputs in QuantizedInt8Tests.OutputSizes())
        {
            if (inputs == 784 && outputs is > 33 and not 256) continue;
            var w = new ushort[outputs * inputs];
            for (int i = 0; i < w.Length; i++) w[i] = BFloat16Gemm.Round((float)(random.NextDouble() * 2 - 1));
            var packed = new BFloat16PackedWeights(inputs, outputs);
            packed.Pack(w);
            var bias = Enumerable.Range(0, outputs).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            foreach (int rows in QuantizedInt8Tests.RowSizes)
            {
                int lda = inputs + random.Next(3), ldc = outputs + random.Next(3);
                var a = Enumerable.Range(0, (rows - 1) * lda + inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                bool relu = random.Next(2) == 0;
                var c = new float[(rows - 1) * ldc + outputs + 2];
                Array.Fill(c, 1234.5f);
                BFloat16Gemm.Multiply(rows, a, lda, packed, bias, relu, c, ldc);
                var (want, scale) = ReferenceQuantized.BFloat16Product(rows, a, lda, w, inputs, outputs, bias);
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < ldc && i * ldc + j < c.Length; j++)
                    {
                        float got = c[i * ldc + j];
                        string context = $"c[{i},{j}] rows={rows} inputs={inputs} outputs={outputs} lda={lda} ldc={ldc} relu={relu} path={Isa.VectorBits}";
                        if (j >= outputs)
                        {
                            Assert.True(got == 1234.5f, $"{context}: past the outputs was written");
                            continue;
                        }

                        double exact = relu ? Math.Max(want[i * outputs + j], 0) : want[i * outputs + j];
                        double tolerance = (inputs + 2) * U * scale[i * outputs + j];
                        Assert.True(Math.Abs(got - exact) <= tolerance, $"{context}: {got:R}, want {exact:R} (tolerance {tolerance:R})");
                    }
                }
            }
        }
    }

    [Fact]
    public void NaN_and_infinite_weights_or_activations_propagate_through_the_ReLU()
    {
        int inputs = 5, outputs = 3;
        var w = new ushort[outputs * inputs];
        w[0] = BFloat16Gemm.Round(float.NaN);
        w[inputs + 1] = BFloat16Gemm.Round(float.PositiveInfinity);
        var packed = new BFloat16PackedWeights(inputs, outputs);
        packed.Pack(w);
        var c = new float[outputs];
        BFloat16Gemm.Multiply(1, [1, 1, 0, 0, 0], inputs, packed, new float[outputs], true, c, outputs);
        Assert.True(float.IsNaN(c[0]));
        Assert.Equal(float.PositiveInfinity, c[1]);
        Assert.Equal(0f, c[2]);
    }

    [Fact]
    public void Every_entry_point_allocates_nothing_when_warm()
    {
        int rows = 5, inputs = 37, outputs = 19;
        var values = new float[rows * inputs];
        var bits = new ushort[values.Length];
        var w = new ushort[outputs * inputs];
        var packed = new BFloat16PackedWeights(inputs, outputs);
        var bias = new float[outputs];
        var c = new float[rows * outputs];
        void Run()
        {
            BFloat16Gemm.Round(values, bits);
            packed.Pack(w);
            BFloat16Gemm.Multiply(rows, values, inputs, packed, bias, true, c, outputs);
            BFloat16Gemm.Multiply(1, values, inputs, packed, bias, false, c, outputs);
        }

        Run();
        Assert.Equal(0, Allocations.FewestPerRun(Run));
    }
}
