using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class ActivationSigmoidTests
{
    /// <summary>
    /// The documented bound: exp within 2 ulp (relative 4u), then σ = e/(1 + e) for x &lt; 0 adds δ/2 + 2u
    /// (8u in all), σ = 1/(1 + e) for x ≥ 0 gives δ/2 + 2u = 4u; second-order terms covered by a factor
    /// 1 + 2^-20. Subnormal results may be one subnormal ulp further off.
    /// </summary>
    internal static bool WithinBound(float x, float got)
    {
        double want = ReferenceActivations.Sigmoid(x);
        if (double.IsNaN(want)) return float.IsNaN(got);
        double relative = (x < 0 ? 8 : 4) * U * (1 + Math.ScaleB(1.0, -20));
        return Math.Abs(got - want) <= relative * want + (want < Math.ScaleB(1.0, -126) ? MinSubnormal : 0);
    }

    /// <summary>Every multiple of 2^-10 in [−110, 30] and 200 000 random values from [−120, 120].</summary>
    private static float[] DenseSweep()
    {
        var values = new List<float>();
        for (double x = -110; x <= 30; x += 1.0 / 1024) values.Add((float)x);
        var random = new Random(2024);
        for (int i = 0; i < 200_000; i++) values.Add((float)(random.NextDouble() * 240 - 120));
        return values.ToArray();
    }

    [Fact]
    public void Sigmoid_is_within_its_documented_error_bound_on_a_dense_sweep()
    {
        var x = DenseSweep();
        var y = new float[x.Length];
        Activations.Sigmoid(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(WithinBound(x[i], y[i]), $"sigmoid({x[i]:R}) = {y[i]:R}, want {ReferenceActivations.Sigmoid(x[i]):R} (path {Isa.Describe()})");
        }
    }

    [Theory]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(1e30f, 1f)]
    [InlineData(-1e30f, 0f)]
    [InlineData(float.MaxValue, 1f)]
    [InlineData(float.MinValue, 0f)]
    [InlineData(17f, 1f)]
    [InlineData(100f, 1f)]
    [InlineData(-104f, 0f)]
    [InlineData(0f, 0.5f)]
    public void Sigmoid_saturates_to_exact_limits(float x, float want)
    {
        foreach (int length in new[] { 1, 5, 16, 37 })
        {
            var input = Enumerable.Repeat(x, length).ToArray();
            Activations.Sigmoid(input, input);
            Assert.All(input, v => Assert.Equal(want, v));
        }
    }

    [Fact]
    public void Sigmoid_keeps_relative_accuracy_for_large_negative_inputs()
    {
        // σ(x) ≈ e^x: −88.7 and −100 have normal and subnormal results, which must not be flushed.
        var x = new float[] { -20f, -50f, -80f, -87f, -88.7f, -95f, -100f, -103f };
        var y = new float[x.Length];
        Activations.Sigmoid(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(y[i] > 0, $"sigmoid({x[i]}) flushed to 0");
            Assert.True(WithinBound(x[i], y[i]), $"sigmoid({x[i]}) = {y[i]:R}, want {ReferenceActivations.Sigmoid(x[i]):R}");
        }
    }

    [Fact]
    public void Sigmoid_of_NaN_is_NaN_at_every_position()
    {
        foreach (int length in new[] { 1, 3, 15, 16, 17, 33, 64 })
        {
            for (int at = 0; at < length; at++)
            {
                var x = new float[length];
                x[at] = float.NaN;
                var y = new float[length];
                Activations.Sigmoid(x, y);
                for (int i = 0; i < length; i++) Assert.Equal(i == at, float.IsNaN(y[i]));
            }
        }
    }

    [Fact]
    public void Sigmoid_matches_its_bound_for_every_length_in_place_and_out_of_place()
    {
        ElementwiseHarness.CheckUnary(Activations.Sigmoid, WithinBound, -30, 30);
    }
}
