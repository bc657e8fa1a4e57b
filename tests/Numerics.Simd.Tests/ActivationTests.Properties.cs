using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>
/// Random-shape properties: a seed picks the length (0..2000), the value range and in-place or not;
/// a failure message names the seed, the length and the index.
/// </summary>
public class ActivationPropertyTests
{
    private static (float[] X, bool InPlace) Case(int seed)
    {
        var random = new Random(seed);
        int length = random.Next(0, 2001);
        float range = new[] { 1f, 10f, 100f, 1000f }[random.Next(4)];
        return (Uniform(random, length, -range, range), random.Next(2) == 0);
    }

    private static float[] Run(ElementwiseHarness.Unary kernel, float[] x, bool inPlace)
    {
        var y = inPlace ? (float[])x.Clone() : new float[x.Length];
        kernel(inPlace ? y : x, y);
        return y;
    }

    [Property(MaxTest = 150)]
    public void Sigmoid_stays_within_its_bound_for_random_lengths_and_ranges(int seed)
    {
        var (x, inPlace) = Case(seed);
        var y = Run(Activations.Sigmoid, x, inPlace);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(ActivationSigmoidTests.WithinBound(x[i], y[i]), $"seed {seed}, length {x.Length}, in place {inPlace}, index {i}: sigmoid({x[i]:R}) = {y[i]:R}");
        }
    }

    [Property(MaxTest = 150)]
    public void Tanh_stays_within_its_bound_for_random_lengths_and_ranges(int seed)
    {
        var (x, inPlace) = Case(seed);
        var y = Run(Activations.Tanh, x, inPlace);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(ActivationTanhTests.WithinBound(x[i], y[i]), $"seed {seed}, length {x.Length}, in place {inPlace}, index {i}: tanh({x[i]:R}) = {y[i]:R}");
        }
    }

    [Property(MaxTest = 100)]
    public void Softmax_rows_are_probability_vectors_for_random_shapes(int seed)
    {
        var random = new Random(seed);
        int rows = random.Next(0, 20), cols = random.Next(1, 80);
        float range = new[] { 1f, 30f, 1000f }[random.Next(3)];
        var x = Uniform(random, rows * cols, -range, range);
        var y = new float[x.Length];
        Activations.Softmax(x, rows, cols, y);
        var want = ReferenceActivations.Softmax(x, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            double total = 0;
            for (int j = 0; j < cols; j++)
            {
                float v = y[r * cols + j];
                Assert.True(v >= 0 && v <= 1, $"seed {seed}, rows {rows}, cols {cols}: y[{r},{j}] = {v}");
                total += v;
                // Each entry within 2·(|x − max| + cols + 6)·u of the reference (see SoftmaxTests for the full bound).
                double bound = 2 * (2 * range + cols + 6) * U * Math.Max(want[r * cols + j], 1e-30) + 2 * MinSubnormal;
                Assert.True(Math.Abs(v - want[r * cols + j]) <= bound, $"seed {seed}, rows {rows}, cols {cols}: y[{r},{j}] = {v:R}, want {want[r * cols + j]:R}");
            }

            Assert.True(Math.Abs(total - 1) <= 2 * (2 * range + cols + 6) * U, $"seed {seed}, rows {rows}, cols {cols}: row {r} sums to {total:R}");
        }
    }
}
