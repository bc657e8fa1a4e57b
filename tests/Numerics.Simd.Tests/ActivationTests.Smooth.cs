using Numerics.Simd.Tests.Reference;
using SimdNn.Testing;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>SiLU, ELU and ReLU6 against their double references, over every length and the special values.</summary>
public class ActivationSmoothTests
{
    /// <summary>SiLU's documented bound: σ within 8u relative, then one product; a subnormal σ's ulp is scaled by x.</summary>
    internal static bool SiluWithinBound(float x, float got)
    {
        double want = ReferenceSmoothActivations.Silu(x);
        if (double.IsNaN(want)) return float.IsNaN(got);
        if (double.IsInfinity(want)) return got == want;
        return Math.Abs(got - want) <= 9 * U * (1 + 1e-6) * Math.Abs(want) + (Math.Abs(x) + 2) * MinSubnormal;
    }

    /// <summary>ELU's documented bound for alpha: expm1 within 3 ulp, then one product (x &gt; 0 exact).</summary>
    internal static Func<float, float, bool> EluWithinBound(float alpha) => (x, got) =>
    {
        double want = ReferenceSmoothActivations.Elu(x, alpha);
        if (double.IsNaN(want)) return float.IsNaN(got);
        if (x > 0) return got == x;
        return Math.Abs(got - want) <= 7 * U * Math.Abs(want) + MinSubnormal;
    };

    internal static bool Relu6Exact(float x, float got)
    {
        double want = ReferenceSmoothActivations.Relu6(x);
        return double.IsNaN(want) ? float.IsNaN(got) : got == want && !(x == 0 && float.IsNegative(got));
    }

    [Fact]
    public void Silu_matches_its_bound_for_every_length_and_on_a_sweep()
    {
        ElementwiseHarness.CheckUnary(Activations.Silu, SiluWithinBound, -30, 30);
        var x = Enumerable.Range(0, 240_001).Select(i => -120f + i / 1000f).ToArray();
        var y = new float[x.Length];
        Activations.Silu(x, y);
        for (int i = 0; i < x.Length; i++) Assert.True(SiluWithinBound(x[i], y[i]), $"silu({x[i]:R}) = {y[i]:R}, want {ReferenceSmoothActivations.Silu(x[i]):R}");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    [InlineData(2.5f)]
    public void Elu_matches_its_bound_for_every_length_and_on_a_sweep(float alpha)
    {
        var bound = EluWithinBound(alpha);
        ElementwiseHarness.CheckUnary((x, y) => Activations.Elu(x, alpha, y), (x, got) => bound(x, got), -10, 10);

        // The negative side densely, tiny magnitudes included (where e^x − 1 must not cancel).
        var values = new List<float>();
        for (double x = -25; x <= 0; x += 1.0 / 4096) values.Add((float)x);
        for (double e = -149; e <= 0; e += 1.0 / 32) values.Add(-(float)Math.Pow(2, e));
        var input = values.ToArray();
        var output = new float[input.Length];
        Activations.Elu(input, alpha, output);
        for (int i = 0; i < input.Length; i++)
        {
            Assert.True(bound(input[i], output[i]), $"elu({input[i]:R}; {alpha}) = {output[i]:R}, want {ReferenceSmoothActivations.Elu(input[i], alpha):R} (path {Isa.Describe()})");
        }
    }

    [Fact]
    public void Relu6_is_exact_for_every_length()
    {
        ElementwiseHarness.CheckUnary(Activations.Relu6, Relu6Exact, -10, 10);
    }

    [Theory]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, 6f)]
    [InlineData(float.NegativeInfinity, -0f, -1f, 0f)]
    [InlineData(float.MinValue, -0f, -1f, 0f)]
    [InlineData(6f, 5.985164f, 6f, 6f)]
    [InlineData(-0f, -0f, 0f, 0f)]
    public void Silu_Elu_and_Relu6_have_exact_limits(float x, float silu, float elu, float relu6)
    {
        foreach (int length in new[] { 1, 5, 16, 37 })
        {
            var input = Enumerable.Repeat(x, length).ToArray();
            var y = new float[length];
            Activations.Silu(input, y);
            if (x != 6f) Assert.All(y, v => Assert.Equal(silu, v));
            Activations.Elu(input, 1f, y);
            Assert.All(y, v => Assert.Equal(elu, v));
            Activations.Relu6(input, y);
            Assert.All(y, v => Assert.Equal(relu6, v));
        }
    }
}
