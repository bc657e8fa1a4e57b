using FsCheck;
using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class GemvTests
{
    // Around every vector width and unroll edge: 4-row blocks (no transpose), 8-vector and single-vector
    // column blocks (transposed) for widths 4, 8, 16.
    private static readonly int[] Sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 143, 257];

    public static TheoryData<Transpose, int, int> Shapes()
    {
        var data = new TheoryData<Transpose, int, int>();
        foreach (var t in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (int m in Sizes)
            {
                foreach (int n in Sizes) data.Add(t, m, n);
            }
        }

        return data;
    }

    /// <summary>
    /// Runs one case with padding columns (lda &gt; n) and a guard after y, all NaN, so that reading
    /// outside the matrix or writing past y shows; checks against the double reference with the
    /// bound (k + 2)·u·|alpha|·Σ|a·x| + 2u·|beta·y|.
    /// </summary>
    private static void CheckCase(Transpose transA, int m, int n, int lda, float alpha, float beta, int seed)
    {
        var random = new Random(seed);
        var a = new float[Math.Max(0, (m - 1) * lda + n) + 3];
        Array.Fill(a, float.NaN);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) a[i * lda + j] = (float)(random.NextDouble() * 2 - 1);
        }

        int inner = transA == Transpose.No ? n : m;
        int outer = transA == Transpose.No ? m : n;
        var x = Uniform(random, inner, -1, 1);
        var y = Uniform(random, outer + 1, -1, 1);
        if (beta == 0) Array.Fill(y, float.NaN, 0, outer);
        y[outer] = 4242f;
        var yBefore = (float[])y.Clone();

        Gemv.Multiply(transA, m, n, alpha, a, lda, x, beta, y);

        var (want, magnitude) = ReferenceGemv.Multiply(transA, m, n, alpha, a, lda, x, beta, yBefore);
        Assert.Equal(4242f, y[outer]);
        for (int i = 0; i < outer; i++)
        {
            double bound = (inner + 2) * U * Math.Abs(alpha) * magnitude[i] + (beta == 0 ? 0 : 2 * U * Math.Abs(beta * yBefore[i])) + 2 * MinSubnormal;
            Assert.True(Math.Abs(y[i] - want[i]) <= bound,
                $"{transA} m {m} n {n} lda {lda} alpha {alpha} beta {beta} seed {seed}, y[{i}] = {y[i]:R}, want {want[i]:R}, bound {bound:E2} (path {Isa.Describe()})");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemv_matches_the_double_reference_for_every_edge_shape(Transpose transA, int m, int n)
    {
        CheckCase(transA, m, n, Math.Max(1, n), 1f, 0f, m * 1000 + n);
        CheckCase(transA, m, n, n + 3, -0.75f, 0.5f, m * 1000 + n + 1);
    }

    [Property(MaxTest = 200)]
    public void Gemv_matches_the_reference_for_random_shapes_strides_and_scalars(int seed)
    {
        var random = new Random(seed);
        var transA = random.Next(2) == 0 ? Transpose.No : Transpose.Yes;
        int m = random.Next(0, 300), n = random.Next(0, 300);
        int lda = Math.Max(1, n) + random.Next(0, 20);
        float[] scalars = [0f, 1f, -1f, 0.5f, 2.25f];
        CheckCase(transA, m, n, lda, scalars[random.Next(1, scalars.Length)], scalars[random.Next(scalars.Length)], seed);
    }

    [Fact]
    public void Small_integer_inputs_give_exact_results()
    {
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
        {
            const int m = 67, n = 45;
            var a = new float[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = (i * 7 % 13) - 6;
            var x = new float[transA == Transpose.No ? n : m];
            for (int i = 0; i < x.Length; i++) x[i] = (i % 5) - 2;
            var y = new float[transA == Transpose.No ? m : n];
            for (int i = 0; i < y.Length; i++) y[i] = i % 3;
            var (want, _) = ReferenceGemv.Multiply(transA, m, n, 2f, a, n, x, -1f, y);
            Gemv.Multiply(transA, m, n, 2f, a, n, x, -1f, y);
            for (int i = 0; i < y.Length; i++) Assert.Equal(want[i], y[i]);
        }
    }

    [Fact]
    public void Alpha_zero_reads_neither_A_nor_x_and_beta_zero_does_not_read_y()
    {
        var a = Enumerable.Repeat(float.NaN, 12).ToArray();
        var x = Enumerable.Repeat(float.NaN, 4).ToArray();
        var y = new float[] { 1f, 2f, 3f };
        Gemv.Multiply(Transpose.No, 3, 4, 0f, a, 4, x, 2f, y);
        Assert.Equal(new[] { 2f, 4f, 6f }, y);
        Gemv.Multiply(Transpose.No, 3, 4, 0f, a, 4, x, 0f, y);
        Assert.Equal(new[] { 0f, 0f, 0f }, y);

        var ones = Enumerable.Repeat(1f, 12).ToArray();
        var yNaN = Enumerable.Repeat(float.NaN, 4).ToArray();
        Gemv.Multiply(Transpose.Yes, 3, 4, 1f, ones, 4, [1f, 1f, 1f], 0f, yNaN);
        Assert.Equal(new[] { 3f, 3f, 3f, 3f }, yNaN);
    }

    [Fact]
    public void Gemv_names_its_bad_arguments()
    {
        var a = new float[12];
        var x = new float[4];
        var y = new float[3];
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemv.Multiply(Transpose.No, -1, 4, 1, a, 4, x, 0, y)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Gemv.Multiply(Transpose.No, 3, -4, 1, a, 4, x, 0, y)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemv.Multiply(Transpose.No, 3, 4, 1, a, 3, x, 0, y)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 4, 4, 1, a, 4, x, 0, new float[4])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 3, 4, 1, a, 4, new float[3], 0, y)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 3, 4, 1, a, 4, x, 0, new float[2])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.Yes, 3, 4, 1, a, 4, new float[2], 0, new float[4])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.Yes, 3, 4, 1, a, 4, new float[3], 0, new float[3])).ParamName);
        var shared = new float[20];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 3, 4, 1, shared.AsSpan(0, 12), 4, x, 0, shared.AsSpan(10, 3))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Gemv.Multiply(Transpose.No, 3, 4, 1, a, 4, shared.AsSpan(0, 4), 0, shared.AsSpan(2, 3))).ParamName);
    }

    [Fact]
    public void Gemv_allocates_nothing()
    {
        var a = new float[256 * 784];
        var x = new float[784];
        var y = new float[784];
        Gemv.Multiply(Transpose.No, 256, 784, 1, a, 784, x, 0.5f, y);
        Gemv.Multiply(Transpose.Yes, 256, 784, 1, a, 784, y.AsSpan(0, 256).ToArray(), 0, y);
        var xt = new float[256];
        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            Gemv.Multiply(Transpose.No, 256, 784, 1, a, 784, x, 0.5f, y);
            Gemv.Multiply(Transpose.Yes, 256, 784, 1, a, 784, xt, 0, y);
            Gemv.Multiply(Transpose.No, 256, 784, 0, a, 784, x, 0.5f, y);
        }));
    }
}
