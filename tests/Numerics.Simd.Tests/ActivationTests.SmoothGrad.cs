using Numerics.Simd.Tests.Reference;
using SimdNn.Testing;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>The derivatives of GELU, GELU-tanh, SiLU, ELU and ReLU6: against their formula in double, and the formula against central differences.</summary>
public class ActivationSmoothGradTests
{
    private const double H = 1e-4;

    private static double CentralDifference(Func<double, double> f, double x) => (f(x + H) - f(x - H)) / (2 * H);

    // For |f'''| ≤ 2 (true of all five on these ranges) the central difference is off by at most
    // 2H²/6 from truncation plus about 2·2^-53·max|f|/H from rounding in double (|f| ≤ 10 here).
    private static readonly double DifferenceError = 2 * H * H / 6 + 40 * Math.ScaleB(1.0, -53) / H;

    /// <summary>
    /// Φ within 24u relative, φ's exponent from the exact x²/2 (e^x within 2 ulp, three roundings), the fused
    /// sum and the product by dy: 32u relative to the magnitudes of the two terms.
    /// </summary>
    private static bool GeluGradWithinBound(float x, float dy, float got)
    {
        double want = ReferenceSmoothActivations.GeluGrad(x, dy);
        if (double.IsNaN(want)) return float.IsNaN(got);
        if (float.IsInfinity(x)) return got == want;
        double scale = Math.Abs(dy) * (ReferenceSmoothActivations.NormalCdf(x) + Math.Abs(x * ReferenceSmoothActivations.NormalDensity(x)));
        return Math.Abs(got - want) <= 32 * U * scale + (Math.Abs(x) + 4) * Math.Max(Math.Abs(dy), 1) * MinSubnormal;
    }

    /// <summary>σ(x) and σ(−x) each within 8u relative: 16u relative to σ(1 + |x|(1 − σ)) for SiLU.</summary>
    private static bool SiluGradWithinBound(float x, float dy, float got)
    {
        double want = ReferenceSmoothActivations.SiluGrad(x, dy);
        if (double.IsNaN(want)) return float.IsNaN(got);
        if (float.IsInfinity(x)) return got == want;
        double s = ReferenceActivations.Sigmoid(x);
        return Math.Abs(got - want) <= 16 * U * Math.Abs(dy) * s * (1 + Math.Abs(x) * ReferenceActivations.Sigmoid(-x)) + (Math.Abs(x) + 4) * Math.Max(Math.Abs(dy), 1) * MinSubnormal;
    }

    /// <summary>The same budget for GELU-tanh with σ(v) and v's slope: 24u relative to the magnitudes of its two terms.</summary>
    private static bool GeluTanhGradWithinBound(float x, float dy, float got)
    {
        double want = ReferenceSmoothActivations.GeluTanhGrad(x, dy);
        if (double.IsNaN(want)) return float.IsNaN(got);
        if (float.IsInfinity(x)) return got == want;
        double v = 1.5957691216057308 * x * (1 + 0.044715 * (double)x * x);
        double s = ReferenceActivations.Sigmoid(v);
        double slope = 1.5957691216057308 * (1 + 3 * 0.044715 * (double)x * x);
        double spread = Math.Abs(x) * s * ReferenceActivations.Sigmoid(-v) * slope;
        return Math.Abs(got - want) <= 24 * U * Math.Abs(dy) * (s + spread * (1 + Math.Abs(v))) + (Math.Abs(x) * slope + 4) * Math.Max(Math.Abs(dy), 1) * MinSubnormal;
    }

    [Fact]
    public void GeluGrad_and_GeluTanhGrad_are_within_their_bounds_of_the_formula()
    {
        ElementwiseHarness.CheckBinary(Activations.GeluGrad, GeluGradWithinBound, -20, 20);
        ElementwiseHarness.CheckBinary(Activations.GeluTanhGrad, GeluTanhGradWithinBound, -20, 20);
        var x = Enumerable.Range(0, 80_001).Select(i => -20f + i / 2000f).Concat([float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f]).ToArray();
        var dy = Enumerable.Repeat(1f, x.Length).ToArray();
        var exact = new float[x.Length];
        var tanh = new float[x.Length];
        Activations.GeluGrad(x, dy, exact);
        Activations.GeluTanhGrad(x, dy, tanh);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(GeluGradWithinBound(x[i], 1, exact[i]), $"gelu'({x[i]:R}) = {exact[i]:R}, want {ReferenceSmoothActivations.GeluGrad(x[i], 1):R}");
            Assert.True(GeluTanhGradWithinBound(x[i], 1, tanh[i]), $"gelu_tanh'({x[i]:R}) = {tanh[i]:R}, want {ReferenceSmoothActivations.GeluTanhGrad(x[i], 1):R}");
        }
    }

    [Fact]
    public void SiluGrad_is_within_its_bound_of_the_formula()
    {
        ElementwiseHarness.CheckBinary(Activations.SiluGrad, SiluGradWithinBound, -40, 40);
        var x = Enumerable.Range(0, 60_001).Select(i => -150f + i / 200f).Concat([float.PositiveInfinity, float.NegativeInfinity]).ToArray();
        var dx = new float[x.Length];
        Activations.SiluGrad(x, Enumerable.Repeat(1f, x.Length).ToArray(), dx);
        for (int i = 0; i < x.Length; i++) Assert.True(SiluGradWithinBound(x[i], 1, dx[i]), $"silu'({x[i]:R}) = {dx[i]:R}, want {ReferenceSmoothActivations.SiluGrad(x[i], 1):R}");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.3f)]
    public void EluGrad_is_within_six_roundings_of_the_formula(float alpha)
    {
        ElementwiseHarness.CheckBinary(
            (x, dy, dx) => Activations.EluGrad(x, alpha, dy, dx),
            (x, dy, got) =>
            {
                double want = ReferenceSmoothActivations.EluGrad(x, alpha, dy);
                return double.IsNaN(want) ? float.IsNaN(got) : Math.Abs(got - want) <= 6 * U * Math.Abs(want) + 2 * MinSubnormal;
            },
            -30,
            5);
    }

    [Fact]
    public void Relu6Grad_is_exact_and_zero_at_both_kinks()
    {
        ElementwiseHarness.CheckBinary(
            Activations.Relu6Grad,
            (x, dy, got) =>
            {
                double want = ReferenceSmoothActivations.Relu6Grad(x, dy);
                return double.IsNaN(want) ? float.IsNaN(got) : got == want;
            },
            -2,
            8);
        var kinks = new[] { 0f, -0f, 6f, float.NaN, float.PositiveInfinity, 5.9999995f, 1e-45f };
        var dx = new float[kinks.Length];
        Activations.Relu6Grad(kinks, Enumerable.Repeat(2f, kinks.Length).ToArray(), dx);
        Assert.Equal(new[] { 0f, 0f, 0f, 0f, 0f, 2f, 2f }, dx);
    }

    public static TheoryData<string> Smooth() => ["gelu", "gelu-tanh", "silu", "elu"];

    [Theory]
    [MemberData(nameof(Smooth))]
    public void Each_derivative_matches_central_differences_of_its_forward_reference(string name)
    {
        (Func<double, double> forward, ElementwiseHarness.Binary grad) = name switch
        {
            "gelu" => ((Func<double, double>)ReferenceSmoothActivations.Gelu, (ElementwiseHarness.Binary)Activations.GeluGrad),
            "gelu-tanh" => (ReferenceSmoothActivations.GeluTanh, Activations.GeluTanhGrad),
            "silu" => (ReferenceSmoothActivations.Silu, Activations.SiluGrad),
            _ => (v => ReferenceSmoothActivations.Elu(v, 0.7), (x, dy, dx) => Activations.EluGrad(x, 0.7f, dy, dx)),
        };

        // Away from ELU's kink at 0 by more than the step.
        var x = Enumerable.Range(0, 1601).Select(i => -8f + i / 100f).Where(v => Math.Abs(v) > 1e-3f).ToArray();
        var dx = new float[x.Length];
        grad(x, Enumerable.Repeat(1f, x.Length).ToArray(), dx);
        for (int i = 0; i < x.Length; i++)
        {
            double want = CentralDifference(forward, x[i]);
            Assert.True(Math.Abs(dx[i] - want) <= 32 * U * (Math.Abs(want) + 1) + DifferenceError, $"{name} x {x[i]}: {dx[i]:R} vs {want:R}");
        }
    }
}
