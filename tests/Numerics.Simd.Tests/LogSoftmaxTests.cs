using Numerics.Simd.Tests.Reference;
using SimdNn.Testing;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class LogSoftmaxTests
{
    public static TheoryData<int, int, float> Shapes() => SoftmaxTests.Shapes();

    /// <summary>
    /// The documented bound, per element, with d_k = x_k − m and p_k = e^(d_k)/Σ: L = log Σ e^(d_k) is off by
    /// (cols + 3)u + u·Σ_k p_k|d_k| (each exponential within 2 ulp of e^fl(d_k), the sum's cols − 1 roundings)
    /// plus u·|L| (its rounding to float); then y = fl(fl(d_j) − L) adds u·|d_j| + u·|y_j|.
    /// </summary>
    private static double[] Bounds(ReadOnlySpan<float> x, int rows, int cols, double[] want)
    {
        var bounds = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            double weighted = 0, sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.Exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) weighted += Math.Exp(x[r * cols + j] - max) / sum * (max - x[r * cols + j]);
            double log = Math.Log(sum);
            for (int j = 0; j < cols; j++)
            {
                double d = max - x[r * cols + j];
                bounds[r * cols + j] = U * (cols + 3 + weighted + log + d + Math.Abs(want[r * cols + j])) * (1 + 1e-6);
            }
        }

        return bounds;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LogSoftmax_matches_the_double_reference_within_the_derived_bound(int rows, int cols, float spread)
    {
        var random = new Random(rows * 10007 + cols);
        var x = Uniform(random, rows * cols, -spread, spread);
        var y = new float[rows * cols + 1];
        y[^1] = 777f;

        Activations.LogSoftmax(x, rows, cols, y);

        Assert.Equal(777f, y[^1]);
        var want = ReferenceSmoothActivations.LogSoftmax(x, rows, cols);
        var bounds = Bounds(x, rows, cols, want);
        for (int i = 0; i < rows * cols; i++)
        {
            Assert.True(Math.Abs(y[i] - want[i]) <= bounds[i], $"rows {rows} cols {cols} spread {spread} [{i}]: {y[i]:R} vs {want[i]:R} (bound {bounds[i]:E2}, path {Isa.Describe()})");
        }

        var inPlace = x[..(rows * cols)];
        Activations.LogSoftmax(inPlace, rows, cols, inPlace);
        for (int i = 0; i < rows * cols; i++) Assert.Equal(BitConverter.SingleToUInt32Bits(y[i]), BitConverter.SingleToUInt32Bits(inPlace[i]));
    }

    /// <summary>
    /// dx = dy − p·s: s = Σ dy in float is within (cols − 1)u·Σ|dy|; p = e^y within 2 ulp (4u) of e^y for the
    /// float y given; the fused multiply-add rounds once.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void LogSoftmaxGrad_matches_the_double_reference_within_the_derived_bound(int rows, int cols, float spread)
    {
        var random = new Random(rows * 7919 + cols);
        var x = Uniform(random, rows * cols, -spread, spread);
        var y = new float[rows * cols];
        Activations.LogSoftmax(x, rows, cols, y);
        var dy = Uniform(random, rows * cols, -2, 2);
        var dx = new float[rows * cols];
        Activations.LogSoftmaxGrad(y, dy, rows, cols, dx);
        var want = ReferenceSmoothActivations.LogSoftmaxGrad(y, dy, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            double sum = 0, absolute = 0;
            for (int j = 0; j < cols; j++)
            {
                sum += dy[r * cols + j];
                absolute += Math.Abs(dy[r * cols + j]);
            }

            for (int j = 0; j < cols; j++)
            {
                int i = r * cols + j;
                double p = Math.Exp(y[i]);
                double bound = (U * Math.Abs(want[i]) + p * (4 * U * Math.Abs(sum) + (cols - 1) * U * absolute)) * (1 + 1e-6) + 2 * MinSubnormal;
                Assert.True(Math.Abs(dx[i] - want[i]) <= bound, $"rows {rows} cols {cols} [{r},{j}]: {dx[i]:R} vs {want[i]:R} (bound {bound:E2}, path {Isa.Describe()})");
            }
        }

        // In place on dy and on y give the same bits.
        var onDy = (float[])dy.Clone();
        Activations.LogSoftmaxGrad(y, onDy, rows, cols, onDy);
        var onY = (float[])y.Clone();
        Activations.LogSoftmaxGrad(onY, dy, rows, cols, onY);
        Assert.Equal(dx, onDy);
        Assert.Equal(dx, onY);
    }

    [Fact]
    public void LogSoftmax_is_the_log_of_softmax_and_its_gradient_the_softmax_jacobian_product()
    {
        // Central differences of L = Σ g ⊙ logsoftmax(x) in double against LogSoftmaxGrad(y, g).
        var random = new Random(3);
        const int rows = 3, cols = 7;
        var x = Uniform(random, rows * cols, -3, 3);
        var g = Uniform(random, rows * cols, -1, 1);
        var y = new float[x.Length];
        Activations.LogSoftmax(x, rows, cols, y);
        var dx = new float[x.Length];
        Activations.LogSoftmaxGrad(y, g, rows, cols, dx);
        double Loss(float[] input)
        {
            var output = ReferenceSmoothActivations.LogSoftmax(input, rows, cols);
            return output.Select((v, i) => v * g[i]).Sum();
        }

        for (int i = 0; i < x.Length; i++)
        {
            var plus = (float[])x.Clone();
            var minus = (float[])x.Clone();
            plus[i] += 1f / 256;
            minus[i] -= 1f / 256;
            double numeric = (Loss(plus) - Loss(minus)) / (2.0 / 256);
            Assert.True(Math.Abs(dx[i] - numeric) <= 1e-4, $"[{i}]: {dx[i]:R} vs {numeric:R}");
        }
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
            x[0 * cols + j] = float.NegativeInfinity;
            x[1 * cols + j] = j == cols - 1 ? float.PositiveInfinity : j;
            x[2 * cols + j] = j == cols / 2 ? float.NaN : j;
            x[3 * cols + j] = j == 0 ? 1f : float.NegativeInfinity;
            x[4 * cols + j] = 2.5f;
        }

        var y = new float[x.Length];
        Activations.LogSoftmax(x, rows, cols, y);
        for (int j = 0; j < cols; j++)
        {
            Assert.True(float.IsNaN(y[0 * cols + j]));
            Assert.True(float.IsNaN(y[1 * cols + j]));
            Assert.True(float.IsNaN(y[2 * cols + j]));
            Assert.Equal(j == 0 ? 0f : float.NegativeInfinity, y[3 * cols + j]);
            Assert.Equal(-(float)Math.Log(cols), y[4 * cols + j]);
        }
    }

    [Fact]
    public void Arguments_are_checked_and_named()
    {
        var x = new float[12];
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.LogSoftmax(x, -1, 3, x)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.LogSoftmax(x, 4, 3, new float[11])).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => Activations.LogSoftmaxGrad(x, new float[11], 4, 3, new float[12])).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.LogSoftmaxGrad(x, new float[12], 4, 3, new float[11])).ParamName);
        var buffer = new float[24];
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Activations.LogSoftmaxGrad(x, buffer.AsSpan(0, 12), 4, 3, buffer.AsSpan(2, 12))).ParamName);
        Activations.LogSoftmax([], 0, 5, x);
        Activations.LogSoftmaxGrad([], [], 7, 0, x);
    }
}
