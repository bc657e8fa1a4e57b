using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>Derivative kernels: against their formula in double, and the formula against central differences.</summary>
public class ActivationGradTests
{
    private const double H = 1e-4;

    private static double CentralDifference(Func<double, double> f, double x) => (f(x + H) - f(x - H)) / (2 * H);

    // For |f'''| ≤ 1 (true of σ, tanh and their shifts) the central difference is off by at most
    // H²/6 from truncation plus about 2·2^-53/H from rounding in double.
    private static readonly double DifferenceError = H * H / 6 + 4 * Math.ScaleB(1.0, -53) / H;

    [Fact]
    public void SigmoidGrad_is_within_three_roundings_of_its_formula()
    {
        ElementwiseHarness.CheckBinary(
            Activations.SigmoidGrad,
            (y, dy, dx) =>
            {
                double want = ReferenceActivations.SigmoidGrad(y, dy);
                return double.IsNaN(want) ? float.IsNaN(dx) : Math.Abs(dx - want) <= 3 * U * (1 + U) * Math.Abs(want) + 3 * MinSubnormal;
            },
            0,
            1);
    }

    [Fact]
    public void TanhGrad_is_within_two_roundings_of_its_formula()
    {
        ElementwiseHarness.CheckBinary(
            Activations.TanhGrad,
            (y, dy, dx) =>
            {
                double want = ReferenceActivations.TanhGrad(y, dy);
                return double.IsNaN(want) ? float.IsNaN(dx) : Math.Abs(dx - want) <= 2 * U * (1 + U) * Math.Abs(want) + 2 * MinSubnormal;
            },
            -1,
            1);
    }

    [Fact]
    public void SigmoidGrad_of_the_sigmoid_output_matches_central_differences()
    {
        var x = Enumerable.Range(0, 1601).Select(i => -16f + i / 50f).ToArray();
        var y = new float[x.Length];
        Activations.Sigmoid(x, y);
        var dx = new float[x.Length];
        Activations.SigmoidGrad(y, Enumerable.Repeat(1f, x.Length).ToArray(), dx);
        for (int i = 0; i < x.Length; i++)
        {
            double want = CentralDifference(ReferenceActivations.Sigmoid, x[i]);
            double s = ReferenceActivations.Sigmoid(x[i]);
            // y carries up to 8u relative error, which moves y(1 − y) by |1 − 2y|·8u·y; the kernel adds 3 roundings.
            double bound = Math.Abs(1 - 2 * s) * 8 * U * s + 3 * U * want + DifferenceError;
            Assert.True(Math.Abs(dx[i] - want) <= bound, $"x {x[i]}: {dx[i]:R} vs {want:R} (bound {bound:E2})");
        }
    }

    [Fact]
    public void TanhGrad_of_the_tanh_output_matches_central_differences()
    {
        var x = Enumerable.Range(0, 1201).Select(i => -6f + i / 100f).ToArray();
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        var dx = new float[x.Length];
        Activations.TanhGrad(y, Enumerable.Repeat(1f, x.Length).ToArray(), dx);
        for (int i = 0; i < x.Length; i++)
        {
            double want = CentralDifference(Math.Tanh, x[i]);
            double t = Math.Tanh(x[i]);
            // y is within 3 ulp (≤ 6u·|t|), which moves 1 − y² by 2|t|·6u·|t|; the kernel adds 2 roundings.
            double bound = 2 * Math.Abs(t) * 6 * U * Math.Abs(t) + 2 * U * want + DifferenceError;
            Assert.True(Math.Abs(dx[i] - want) <= bound, $"x {x[i]}: {dx[i]:R} vs {want:R} (bound {bound:E2})");
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.01f)]
    [InlineData(0.25f)]
    public void LeakyReluGrad_matches_central_differences_away_from_the_kink(float slope)
    {
        // slope 0 is plain ReLU, whose gradient must agree too.
        var random = new Random(5);
        var x = Uniform(random, 500, -4, 4).Where(v => Math.Abs(v) > 1e-3f).ToArray();
        var dy = Enumerable.Repeat(1f, x.Length).ToArray();
        var leaky = new float[x.Length];
        var relu = new float[x.Length];
        Activations.LeakyReluGrad(x, slope, dy, leaky);
        Activations.ReluGrad(x, dy, relu);
        for (int i = 0; i < x.Length; i++)
        {
            double want = CentralDifference(v => ReferenceActivations.LeakyRelu(v, slope), x[i]);
            Assert.True(Math.Abs(leaky[i] - want) <= 1e-9 + slope * U, $"x {x[i]}: {leaky[i]} vs {want}");
            if (slope == 0) Assert.True(Math.Abs(relu[i] - want) <= 1e-9, $"x {x[i]}: {relu[i]} vs {want}");
        }
    }
}
