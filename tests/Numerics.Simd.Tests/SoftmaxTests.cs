using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class SoftmaxTests
{
    public static TheoryData<int, int, float> Shapes()
    {
        var data = new TheoryData<int, int, float>();
        var cols = Enumerable.Range(1, 70).Concat(new[] { 100, 257, 1000 });
        foreach (int c in cols)
        {
            data.Add(3, c, 10f);
            data.Add(2, c, 1000f);
        }

        data.Add(64, 10, 10f);
        data.Add(1, 1, 1e30f);
        return data;
    }

    /// <summary>
    /// Error bound per element, first order in u = 2^-24, with d_j = x_j − max and w_j the exact result:
    /// fl(x_j − max) moves e^d by |d_j|·u relative; exp adds 2 ulp (4u); the sum of cols terms adds
    /// (cols − 1)·u plus the weighted errors of its terms; the division adds u. Results in the
    /// subnormal range carry up to two subnormal ulps absolute (one from exp, one from the division).
    /// </summary>
    private static double[] Bounds(ReadOnlySpan<float> x, int rows, int cols, double[] want)
    {
        var bounds = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            double sumError = (cols - 1) * U;
            for (int j = 0; j < cols; j++) sumError += want[r * cols + j] * (Math.Abs(x[r * cols + j] - max) + 4) * U;
            for (int j = 0; j < cols; j++)
            {
                double termError = (Math.Abs(x[r * cols + j] - max) + 4) * U;
                bounds[r * cols + j] = want[r * cols + j] * (termError + sumError + U) * (1 + 1e-6) + 2 * MinSubnormal;
            }
        }

        return bounds;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Softmax_matches_the_double_reference_within_the_derived_bound(int rows, int cols, float spread)
    {
        var random = new Random(rows * 10007 + cols);
        var x = Uniform(random, rows * cols, -spread, spread);
        var y = new float[rows * cols + 1];
        y[^1] = 777f;

        Activations.Softmax(x, rows, cols, y);

        Assert.Equal(777f, y[^1]);
        var want = ReferenceActivations.Softmax(x, rows, cols);
        var bounds = Bounds(x, rows, cols, want);
        for (int r = 0; r < rows; r++)
        {
            double total = 0, totalBound = 0;
            for (int j = 0; j < cols; j++)
            {
                int i = r * cols + j;
                Assert.True(Math.Abs(y[i] - want[i]) <= bounds[i],
                    $"rows {rows} cols {cols} spread {spread} [{r},{j}]: {y[i]:R} vs {want[i]:R} (bound {bounds[i]:E2}, path {Isa.Describe()})");
                total += y[i];
                totalBound += bounds[i];
            }

            Assert.True(Math.Abs(total - 1) <= totalBound, $"rows {rows} cols {cols} row {r}: sums to {total:R}");
        }

        var inPlace = x[..(rows * cols)];
        Activations.Softmax(inPlace, rows, cols, inPlace);
        for (int i = 0; i < rows * cols; i++) Assert.Equal(BitConverter.SingleToUInt32Bits(y[i]), BitConverter.SingleToUInt32Bits(inPlace[i]));
    }

    [Fact]
    public void Large_inputs_do_not_overflow()
    {
        var x = new float[] { 1000f, 999f, -1000f, 1000f, 1000f, 88.8f, 89f, 500f, -500f, 0f };
        var y = new float[x.Length];
        Activations.Softmax(x, 2, 5, y);
        var want = ReferenceActivations.Softmax(x, 2, 5);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(y[i] - want[i]) <= 1e-6, $"{i}: {y[i]} vs {want[i]}");
        Assert.Equal(0f, y[2]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(40)]
    public void Special_rows_follow_the_documented_conventions(int cols)
    {
        const int rows = 5;
        var x = new float[rows * cols];
        for (int j = 0; j < cols; j++)
        {
            x[0 * cols + j] = float.NegativeInfinity;                            // all −∞: NaN row
            x[1 * cols + j] = j == cols - 1 ? float.PositiveInfinity : j;        // contains +∞: NaN row
            x[2 * cols + j] = j == cols / 2 ? float.NaN : j;                     // contains NaN: NaN row
            x[3 * cols + j] = j == 0 ? 1f : float.NegativeInfinity;              // −∞ beside a finite maximum: exact 0
            x[4 * cols + j] = 2.5f;                                              // constant: uniform
        }

        var y = new float[x.Length];
        Activations.Softmax(x, rows, cols, y);
        for (int j = 0; j < cols; j++)
        {
            Assert.True(float.IsNaN(y[0 * cols + j]));
            Assert.True(float.IsNaN(y[1 * cols + j]));
            Assert.True(float.IsNaN(y[2 * cols + j]));
            Assert.Equal(j == 0 ? 1f : 0f, y[3 * cols + j]);
            Assert.Equal(1f / cols, y[4 * cols + j]); // e = 1 exactly, sum = cols exactly, one rounded division
        }
    }

    [Fact]
    public void Empty_shapes_do_nothing()
    {
        var y = new float[] { 5f };
        Activations.Softmax([], 0, 7, y);
        Activations.Softmax([], 7, 0, y);
        Assert.Equal(5f, y[0]);
    }
}
