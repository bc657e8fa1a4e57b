using Numerics.Simd.Operators;
using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class ActivationTanhTests
{
    /// <summary>The documented bound: within <see cref="TanhOperator.MaxUlpError"/> ulp of tanh (NaN stays NaN).</summary>
    internal static bool WithinBound(float x, float got)
    {
        double want = ReferenceActivations.Tanh(x);
        if (double.IsNaN(want)) return float.IsNaN(got);
        return UlpError(got, want) <= TanhOperator.MaxUlpError;
    }

    /// <summary>Every multiple of 2^-14 in [−10, 10], tiny magnitudes 2^-149..1 on a log scale, and random values.</summary>
    private static float[] DenseSweep()
    {
        var values = new List<float>();
        for (double x = -10; x <= 10; x += 1.0 / 16384) values.Add((float)x);
        for (double e = -149; e <= 0; e += 1.0 / 64)
        {
            values.Add((float)Math.Pow(2, e));
            values.Add(-(float)Math.Pow(2, e));
        }

        var random = new Random(4711);
        for (int i = 0; i < 100_000; i++) values.Add((float)(random.NextDouble() * 40 - 20));
        return values.ToArray();
    }

    [Fact]
    public void Tanh_is_within_its_documented_ulp_bound_on_a_dense_sweep()
    {
        var x = DenseSweep();
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double error = UlpError(y[i], Math.Tanh(x[i]));
            if (error > worst) (worst, worstAt) = (error, x[i]);
        }

        Assert.True(worst <= TanhOperator.MaxUlpError, $"{worst:F3} ulp at x = {worstAt:R} (path {Isa.Describe()})");
    }

    [Theory]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, -1f)]
    [InlineData(1e30f, 1f)]
    [InlineData(-1e30f, -1f)]
    [InlineData(float.MaxValue, 1f)]
    [InlineData(9.02f, 1f)]
    [InlineData(-9.02f, -1f)]
    [InlineData(100f, 1f)]
    [InlineData(-88.7f, -1f)]
    public void Tanh_saturates_to_exactly_plus_or_minus_one(float x, float want)
    {
        foreach (int length in new[] { 1, 5, 16, 37 })
        {
            var input = Enumerable.Repeat(x, length).ToArray();
            Activations.Tanh(input, input);
            Assert.All(input, v => Assert.Equal(want, v));
        }
    }

    [Fact]
    public void Tanh_keeps_the_sign_of_zero_and_tiny_values_exactly()
    {
        var x = new[] { -0f, 0f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 1e-20f, -1e-20f, float.NaN };
        foreach (int repeat in new[] { 1, 3, 5 })
        {
            var input = Enumerable.Range(0, repeat).SelectMany(_ => x).ToArray();
            var y = new float[input.Length];
            Activations.Tanh(input, y);
            for (int i = 0; i < input.Length; i++)
            {
                // tanh(x) = x − x³/3 + …: for |x| ≤ 1e-20 the x³ term is far below half an ulp of x.
                Assert.Equal(BitConverter.SingleToUInt32Bits(input[i]), BitConverter.SingleToUInt32Bits(y[i]));
            }
        }
    }

    [Fact]
    public void Tanh_matches_its_bound_for_every_length_in_place_and_out_of_place()
    {
        ElementwiseHarness.CheckUnary(Activations.Tanh, WithinBound, -6, 6);
    }
}
