using System.Runtime.Intrinsics;
using Numerics.Simd.Operators;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>The vectorized exp behind sigmoid, tanh and softmax, checked on its own against Math.Exp.</summary>
public class ActivationExpTests
{
    /// <summary>Every multiple of 2^-12 in [−103.97, 88.72] (about 790 000 points) plus random floats.</summary>
    private static float[] Sweep()
    {
        var values = new List<float>();
        for (double x = -103.97; x <= 88.72; x += 1.0 / 4096) values.Add((float)x);
        var random = new Random(12345);
        for (int i = 0; i < 100_000; i++) values.Add((float)(random.NextDouble() * 192.69 - 103.97));
        return values.ToArray();
    }

    [Fact]
    public void Exp_is_within_the_documented_ulp_bound_on_every_width()
    {
        var x = Sweep();
        var results = EvaluateAllWidths(x);
        foreach (var (width, y) in results)
        {
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double want = Math.Exp(x[i]);
                // Subnormal results carry at most one extra subnormal ulp (the split 2^n scaling rounds twice).
                double error = want < Math.ScaleB(1.0, -126)
                    ? Math.Abs(y[i] - want) / MinSubnormal - 1
                    : UlpError(y[i], want);
                if (error > worst) (worst, worstAt) = (error, x[i]);
            }

            Assert.True(worst <= ExpKernel.MaxUlpError, $"width {width}: {worst:F3} ulp at x = {worstAt:R}");
        }
    }

    [Fact]
    public void Exp_gives_the_same_bits_on_every_width()
    {
        var x = Sweep();
        var results = EvaluateAllWidths(x);
        foreach (var (width, y) in results)
        {
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(BitConverter.SingleToUInt32Bits(y[i]) == BitConverter.SingleToUInt32Bits(results[0].Y[i]),
                    $"width {width} at x = {x[i]:R}: {y[i]:R} vs scalar {results[0].Y[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(88.8f, float.PositiveInfinity)]
    [InlineData(1e30f, float.PositiveInfinity)]
    [InlineData(-104f, 0f)]
    [InlineData(-1e30f, 0f)]
    [InlineData(0f, 1f)]
    [InlineData(float.NaN, float.NaN)]
    public void Exp_handles_the_edges_of_its_range(float x, float want)
    {
        foreach (var (width, y) in EvaluateAllWidths([x])) Assert.True(want.Equals(y[0]), $"width {width}: exp({x}) = {y[0]}");
    }

    /// <summary>Evaluates every overload whose width this machine accelerates; the scalar one comes first.</summary>
    private static List<(int Width, float[] Y)> EvaluateAllWidths(float[] x)
    {
        var results = new List<(int, float[])>();
        var scalar = new float[x.Length];
        for (int i = 0; i < x.Length; i++) scalar[i] = ExpKernel.Exp(x[i]);
        results.Add((0, scalar));
        if (Vector128.IsHardwareAccelerated) results.Add((128, Evaluate(x, 4, (v, i) => ExpKernel.Exp<Width128, Vector128<float>>(Vector128.Create(v.AsSpan(i, 4))).CopyTo(v.AsSpan(i)))));
        if (Vector256.IsHardwareAccelerated) results.Add((256, Evaluate(x, 8, (v, i) => ExpKernel.Exp<Width256, Vector256<float>>(Vector256.Create(v.AsSpan(i, 8))).CopyTo(v.AsSpan(i)))));
        if (Vector512.IsHardwareAccelerated) results.Add((512, Evaluate(x, 16, (v, i) => ExpKernel.Exp<Width512, Vector512<float>>(Vector512.Create(v.AsSpan(i, 16))).CopyTo(v.AsSpan(i)))));
        return results;
    }

    private static float[] Evaluate(float[] x, int width, Action<float[], int> inPlace)
    {
        // Pad with copies of the first value so every element goes through a full vector.
        int padded = (x.Length + width - 1) / width * width;
        var buffer = new float[padded];
        x.CopyTo(buffer, 0);
        for (int i = x.Length; i < padded; i++) buffer[i] = x[0];
        for (int i = 0; i < padded; i += width) inPlace(buffer, i);
        return buffer[..x.Length];
    }
}
