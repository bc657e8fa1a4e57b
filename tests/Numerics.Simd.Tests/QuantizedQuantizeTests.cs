using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>QuantizeRows and QuantizeWeights against their formulas (exact codes), and the NaN rows through MultiplyDequantize.</summary>
public class QuantizedQuantizeTests
{
    private static void AssertRows(float[] x, int rows, int columns, string context)
    {
        var codes = new byte[rows * columns];
        var scales = new float[rows];
        var zeroPoints = new int[rows];
        Int8Gemm.QuantizeRows(x, rows, columns, codes, scales, zeroPoints);
        var (wantCodes, wantScales, wantZeroPoints) = ReferenceQuantized.QuantizeRows(x, rows, columns);
        Assert.True(wantScales.SequenceEqual(scales), $"{context}: scales [{string.Join(", ", scales)}], want [{string.Join(", ", wantScales)}]");
        Assert.True(wantZeroPoints.SequenceEqual(zeroPoints), $"{context}: zero points [{string.Join(", ", zeroPoints)}], want [{string.Join(", ", wantZeroPoints)}]");
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] != wantCodes[i]) Assert.Fail($"{context}: code [{i / columns},{i % columns}] of x = {x[i]:R} is {codes[i]}, want {wantCodes[i]} (path {Isa.VectorBits})");
        }
    }

    [Fact]
    public void QuantizeRows_matches_the_formula_for_every_length_and_row_kind()
    {
        var random = new Random(11);
        foreach (int columns in Enumerable.Range(0, 70).Concat([127, 128, 129, 255, 256, 257, 784]))
        {
            foreach (int kind in Enumerable.Range(0, 5))
            {
                int rows = 3;
                var x = new float[rows * columns];
                for (int i = 0; i < x.Length; i++)
                {
                    double v = random.NextDouble();
                    x[i] = kind switch
                    {
                        0 => (float)(v * 4 - 1),       // mixed signs
                        1 => (float)(-v * 3 - 0.5),   // negative only: the zero point is 127
                        2 => (float)(v * 3 + 0.5),    // positive only: the zero point is 0
                        3 => 0f,                       // all zeros: scale 1, codes 0
                        _ => random.Next(-5, 6) * 0.5f, // dyadic values, many exact ties
                    };
                }

                AssertRows(x, rows, columns, $"columns={columns} kind={kind}");
            }
        }
    }

    [Fact]
    public void QuantizeRows_rounds_ties_to_even()
    {
        // hi − lo = 125.5 + 1.5 = 127 makes the scale 1, so each x/scale is x itself: 0.5 → 0, 1.5 → 2, 2.5 → 2.
        float[] x = [0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 125.5f, 0f, 3.5f];
        var codes = new byte[x.Length];
        var scales = new float[1];
        var zeroPoints = new int[1];
        Int8Gemm.QuantizeRows(x, 1, x.Length, codes, scales, zeroPoints);
        Assert.Equal(1f, scales[0]);
        Assert.Equal(2, zeroPoints[0]); // RNE(1.5 / 1) = 2
        Assert.Equal(new byte[] { 2, 4, 4, 2, 0, 127, 2, 6 }, codes);
        AssertRows(x, 1, x.Length, "ties");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_row_holding_NaN_or_infinity_gets_scale_NaN_and_gives_NaN_outputs(float special)
    {
        int rows = 3, columns = 21, outputs = 9;
        var random = new Random(3);
        var x = Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        x[columns + 17] = special;
        var codes = new byte[rows * columns];
        var scales = new float[rows];
        var zeroPoints = new int[rows];
        Int8Gemm.QuantizeRows(x, rows, columns, codes, scales, zeroPoints);
        Assert.True(float.IsNaN(scales[1]));
        Assert.Equal(0, zeroPoints[1]);
        Assert.All(codes.Skip(columns).Take(columns), code => Assert.Equal(0, code));
        AssertRows(x, rows, columns, $"special {special}");
        var w = QuantizedInt8Tests.RandomWeights(random, outputs * columns);
        var packed = QuantizedInt8Tests.Pack(w, columns, outputs, Enumerable.Repeat(0.01f, outputs).ToArray());
        var c = new float[rows * outputs];
        foreach (bool relu in new[] { false, true })
        {
            Int8Gemm.MultiplyDequantize(rows, codes, columns, scales, zeroPoints, packed, new float[outputs], relu, c, outputs);
            Assert.All(c.Skip(outputs).Take(outputs), value => Assert.True(float.IsNaN(value)));
            Assert.All(c.Take(outputs).Concat(c.Skip(2 * outputs)), value => Assert.True(float.IsFinite(value)));
        }
    }

    [Fact]
    public void QuantizeWeights_matches_the_formula()
    {
        var random = new Random(12);
        foreach (int inputs in new[] { 0, 1, 2, 3, 5, 16, 17, 33, 784 })
        {
            int outputs = 6;
            var w = new float[outputs * inputs];
            for (int j = 0; j < outputs; j++)
            {
                for (int p = 0; p < inputs; p++)
                {
                    w[j * inputs + p] = j switch
                    {
                        0 => 0f,                                    // a row of zeros: scale 0, codes 0
                        1 => (float)(-random.NextDouble()),         // negative only
                        2 => random.Next(-254, 255) * 0.25f,         // many ties at the scale 2 (max 63.5)
                        3 => 1e-44f,                                 // subnormal: max/127 underflows to 0
                        _ => (float)(random.NextDouble() * 2 - 1),
                    };
                }
            }

            if (inputs > 0) w[2 * inputs] = 63.5f; // fixes row 2's scale at 0.5
            var codes = new sbyte[w.Length];
            var scales = new float[outputs];
            Int8Gemm.QuantizeWeights(w, outputs, inputs, codes, scales);
            var (wantCodes, wantScales) = ReferenceQuantized.QuantizeWeights(w, outputs, inputs);
            Assert.Equal(wantScales, scales);
            Assert.Equal(wantCodes, codes);
            Assert.All(codes, code => Assert.InRange(code, -127, 127));
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void QuantizeWeights_refuses_a_weight_that_is_not_finite_naming_the_row_and_column(float special)
    {
        var w = new float[12];
        w[7] = special;
        var error = Assert.Throws<ArgumentException>(() => Int8Gemm.QuantizeWeights(w, 3, 4, new sbyte[12], new float[3]));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("[1, 3]", error.Message, StringComparison.Ordinal);
    }
}
