using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

public class GemmTests
{
    // Unit roundoff of float. A k-term dot product accumulated with fused multiply-adds has
    // error ≤ k·u·Σ|a·b| (each FMA rounds once); the epilogue FMA with alpha and the rounding
    // of beta·c add two more roundings of the same magnitudes: (k + 2)·u·scale.
    private const double U = 1.0 / (1 << 24);

    // Sizes around every microkernel edge (MR = 12, 6, 4; NR = 32, 16, 8, 4) and small blocks.
    private static readonly int[] Sizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 64, 65, 97];

    internal static void AssertClose(double[] want, double[] scale, float[] c, int m, int n, int ldc, int k, string context)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double got = c[i * ldc + j];
                double w = want[i * n + j];
                double tolerance = (k + 2) * U * scale[i * n + j];
                if (!(Math.Abs(got - w) <= tolerance))
                {
                    Assert.Fail($"{context}: C[{i},{j}] = {got:R}, want {w:R} (tolerance {tolerance:R})");
                }
            }
        }
    }

    internal static float[] RandomMatrix(Random random, int length, bool integers = false)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = integers ? random.Next(-4, 5) : (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    /// <summary>
    /// Runs one random case: sizes from the edge list, both transposes, padded leading dimensions.
    /// With <paramref name="prepackB"/> B goes through <see cref="GemmPackedB"/>, and m is 1 (the
    /// one-row kernel) in about a third of the cases.
    /// </summary>
    internal static void CheckCase(int seed, int? forcedK = null, bool prepackB = false, GemmCalls? calls = null)
    {
        var gemm = calls ?? GemmCalls.Public;
        var random = new Random(seed);
        int m = prepackB && random.Next(3) == 0 ? 1 : Sizes[random.Next(Sizes.Length)];
        int n = Sizes[random.Next(Sizes.Length)];
        int k = forcedK ?? Sizes[random.Next(Sizes.Length)];
        var transA = random.Next(2) == 0 ? Transpose.No : Transpose.Yes;
        var transB = random.Next(2) == 0 ? Transpose.No : Transpose.Yes;
        float[] alphas = [1f, -1.5f, 0.25f, 0f];
        float[] betas = [0f, 1f, -0.5f, 2f];
        float alpha = alphas[random.Next(alphas.Length)], beta = betas[random.Next(betas.Length)];
        int aRows = transA == Transpose.No ? m : k, aCols = transA == Transpose.No ? k : m;
        int bRows = transB == Transpose.No ? k : n, bCols = transB == Transpose.No ? n : k;
        int lda = Math.Max(1, aCols) + random.Next(3), ldb = Math.Max(1, bCols) + random.Next(3), ldc = Math.Max(1, n) + random.Next(3);
        var a = RandomMatrix(random, aRows * lda);
        var b = RandomMatrix(random, bRows * ldb);
        var c = RandomMatrix(random, m * ldc);
        if (beta == 0) Array.Fill(c, float.NaN); // beta = 0 must not read C
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++) c[i * ldc + j] = 1234.5f; // padding between rows
        }

        var (want, scale) = ReferenceGemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (prepackB) gemm.Multiply(transA, m, alpha, a, lda, GemmPackedB.Create(transB, k, n, b, ldb), beta, c, ldc);
        else gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        string context = $"seed {seed}{(prepackB ? " (B prepacked)" : "")}: {transA}/{transB} m={m} n={n} k={k} alpha={alpha} beta={beta} lda={lda} ldb={ldb} ldc={ldc} path={Isa.VectorBits}";
        AssertClose(want, scale, c, m, n, ldc, k, context);
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++) Assert.True(c[i * ldc + j] == 1234.5f, $"{context}: padding C[{i},{j}] was written");
        }
    }

    [Property(MaxTest = 300)]
    public void Matches_the_double_reference_for_every_transpose_and_edge_size(int seed) => CheckCase(seed);

    [Property(MaxTest = 60)]
    public void Matches_the_reference_when_small_blocks_put_every_block_edge_inside_the_shape(int seed)
    {
        // KC = 7, MC = 24, NC = 64: k, m and n of up to 97 cross several blocks of each kind.
        CheckCase(seed, calls: GemmCalls.SmallBlocks);
        CheckCase(seed + 1, forcedK: 15, calls: GemmCalls.SmallBlocks);
    }

    [Theory]
    [InlineData(257, 300, 260)]
    [InlineData(241, 33, 255)]
    public void Matches_the_reference_across_the_default_blocks(int m, int n, int k)
    {
        var random = new Random(m * 31 + n);
        var a = RandomMatrix(random, m * k);
        var b = RandomMatrix(random, n * k);
        var c = new float[m * n];
        var (want, scale) = ReferenceGemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n);
        Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n);
        AssertClose(want, scale, c, m, n, n, k, $"{m}x{n}x{k}");
    }

    /// <summary>The direct kernels for 1 to 4 rows are up to 128 columns wide (one row, Vector512): n past every width edge.</summary>
    [Theory]
    [InlineData(1, 127, 33)]
    [InlineData(1, 128, 7)]
    [InlineData(1, 129, 64)]
    [InlineData(1, 300, 19)]
    [InlineData(2, 129, 31)]
    [InlineData(3, 200, 5)]
    [InlineData(4, 257, 40)]
    public void Few_rows_match_the_reference_across_the_direct_kernel_widths(int m, int n, int k)
    {
        var random = new Random(m * 1000 + n);
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
        {
            int lda = transA == Transpose.No ? k : m;
            var a = RandomMatrix(random, m * k);
            var b = RandomMatrix(random, k * (n + 3));
            var c = RandomMatrix(random, m * n);
            var (want, scale) = ReferenceGemm.Multiply(transA, Transpose.No, m, n, k, 0.5f, a, lda, b, n + 3, -1f, c, n);
            Gemm.Multiply(transA, Transpose.No, m, n, k, 0.5f, a, lda, b, n + 3, -1f, c, n);
            AssertClose(want, scale, c, m, n, n, k, $"{transA} {m}x{n}x{k} path={Isa.VectorBits}");
        }
    }

    [Fact]
    public void Small_integer_operands_give_exact_products()
    {
        // Integers below 2^24 and their sums are exact in float: any difference is a bug, not rounding.
        var random = new Random(5);
        int m = 29, n = 45, k = 70;
        var a = RandomMatrix(random, m * k, integers: true);
        var b = RandomMatrix(random, k * n, integers: true);
        var c = new float[m * n];
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
        var (want, _) = ReferenceGemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], c[i]);
    }

    [Property(MaxTest = 100)]
    public void MultiplyAddBias_matches_the_reference(int seed)
    {
        var random = new Random(seed);
        int m = Sizes[random.Next(Sizes.Length)], n = Sizes[random.Next(1, Sizes.Length)], k = Sizes[random.Next(Sizes.Length)];
        var a = RandomMatrix(random, m * k);
        var w = RandomMatrix(random, n * k);
        var bias = RandomMatrix(random, n);
        var c = new float[m * n];
        Array.Fill(c, float.NaN);
        var (want, scale) = ReferenceGemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, Math.Max(1, k), w, Math.Max(1, k), 0f, c, n, bias);
        Gemm.MultiplyAddBias(Transpose.No, Transpose.Yes, m, n, k, a, Math.Max(1, k), w, Math.Max(1, k), bias, c, n);
        AssertClose(want, scale, c, m, n, n, k, $"seed {seed}: m={m} n={n} k={k}");
    }

    [Fact]
    public void NaN_and_infinity_in_the_operands_propagate()
    {
        int m = 13, n = 33, k = 5;
        var a = new float[m * k];
        var b = new float[k * n];
        Array.Fill(a, 1f);
        Array.Fill(b, 1f);
        a[2 * k + 1] = float.NaN;               // row 2 of C becomes NaN
        b[3 * n + 7] = float.PositiveInfinity;  // column 7 becomes +Inf (or NaN in row 2)
        var c = new float[m * n];
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
        for (int j = 0; j < n; j++) Assert.True(float.IsNaN(c[2 * n + j]));
        for (int i = 0; i < m; i++)
        {
            if (i != 2) Assert.Equal(float.PositiveInfinity, c[i * n + 7]);
        }

        Assert.Equal(k, c[0]);
    }

    [Fact]
    public void Zero_k_or_zero_alpha_scales_C_by_beta_and_beta_zero_clears_NaN()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 0, 1f, [], 1, [], 2, 3f, c, 2);
        Assert.Equal(new[] { 3f, 6f, float.NaN, 12f }, c);
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 1, 0f, [float.NaN, 1f], 1, [1f, 1f], 2, 0f, c, 2);
        Assert.Equal(new[] { 0f, 0f, 0f, 0f }, c);
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        var buffer = new float[16];
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 2, 1, buffer, 2, buffer, 2, 0, buffer, 2)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1, buffer, 2, buffer, 2, 0, buffer, 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 2, 1, buffer, 2, buffer.AsSpan(0, 3), 2, 0, buffer, 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.Yes, 4, 4, 2, 1, buffer, 2, buffer, 2, 0, buffer.AsSpan(0, 15), 4)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBias(Transpose.No, Transpose.Yes, 2, 4, 2, buffer, 2, buffer, 2, buffer.AsSpan(0, 3), buffer, 4)).ParamName);
    }

    [Fact]
    public void A_call_allocates_nothing_after_the_first()
    {
        var random = new Random(1);
        int m = 64, n = 100, k = 300;
        var a = RandomMatrix(random, m * k);
        var b = RandomMatrix(random, k * n);
        var c = new float[m * n];
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
            Gemm.MultiplyAddBias(Transpose.Yes, Transpose.Yes, m - 1, n, k, a, m, b, k, c.AsSpan(0, n), c.AsSpan(n, (m - 1) * n), n);
        }));
    }
}

[Collection(GemmParallelismLock.Group)]
public class GemmThreadingTests
{
    [Fact]
    public void Two_threads_give_bitwise_the_one_thread_result_with_a_prepacked_B() =>
        AssertTwoThreadsGiveTheOneThreadResult(5, (a, k, packed, bias, c) => Gemm.MultiplyAddBias(Transpose.No, c.Length / packed.Columns, a, k, packed, bias, c, packed.Columns));

    [Fact]
    public void Two_threads_give_bitwise_the_one_thread_result_with_the_fused_relu() =>
        Assert.Contains(0f, AssertTwoThreadsGiveTheOneThreadResult(6,
            (a, k, packed, bias, c) => Gemm.MultiplyAddBiasRelu(Transpose.No, c.Length / packed.Columns, a, k, packed, bias, c, packed.Columns)));

    [Theory]
    [InlineData(200, 333, 150)]
    [InlineData(97, 1000, 300)]
    public void Two_threads_give_bitwise_the_one_thread_result(int m, int n, int k)
    {
        var random = new Random(m + n + k);
        var a = GemmTests.RandomMatrix(random, m * k);
        var b = GemmTests.RandomMatrix(random, n * k);
        var bias = GemmTests.RandomMatrix(random, n);
        var one = new float[m * n];
        var two = new float[m * n];
        Gemm.MultiplyAddBias(Transpose.No, Transpose.Yes, m, n, k, a, k, b, k, bias, one, n);
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 0.5f, a, k, b, n, 1f, one, n);
        GemmParallelismLock.WithThreads(2, () =>
        {
            Gemm.MultiplyAddBias(Transpose.No, Transpose.Yes, m, n, k, a, k, b, k, bias, two, n);
            Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 0.5f, a, k, b, n, 1f, two, n);
        });

        Assert.Equal(one, two);
    }

    [Fact]
    public void A_parallel_product_allocates_nothing()
    {
        int m = 200, n = 256, k = 300;
        var random = new Random(8);
        var a = GemmTests.RandomMatrix(random, m * k);
        var b = GemmTests.RandomMatrix(random, k * n);
        var c = new float[m * n];
        GemmParallelismLock.WithThreads(3, () =>
        {
            for (int warm = 0; warm < 3; warm++) Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
            Assert.Equal(0, Allocations.FewestPerRun(() => Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n)));
        });
    }

    [Fact]
    public void Parallel_products_from_several_threads_at_once_give_the_one_thread_results()
    {
        // Only one product holds the workers at a time; the others run on their own threads.
        int m = 150, n = 200, k = 270;
        var inputs = Enumerable.Range(0, 6).Select(seed =>
        {
            var random = new Random(100 + seed);
            return (A: GemmTests.RandomMatrix(random, m * k), B: GemmTests.RandomMatrix(random, k * n));
        }).ToArray();
        var want = inputs.Select(input =>
        {
            var c = new float[m * n];
            Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, input.A, k, input.B, n, 0f, c, n);
            return c;
        }).ToArray();
        GemmParallelismLock.WithThreads(2, () =>
        {
            var got = new float[inputs.Length][];
            var threads = Enumerable.Range(0, inputs.Length).Select(i => new Thread(() =>
            {
                var c = new float[m * n];
                for (int repeat = 0; repeat < 20; repeat++)
                {
                    Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, inputs[i].A, k, inputs[i].B, n, 0f, c, n);
                    if (!c.AsSpan().SequenceEqual(want[i])) return;
                }

                got[i] = c;
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            for (int i = 0; i < inputs.Length; i++) Assert.Equal(want[i], got[i]);
        });
    }

    [Fact]
    public void A_degree_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxDegreeOfParallelism = 0);

    /// <summary>
    /// Runs <paramref name="product"/> (a 97×300 A times a prepacked 300×1000 Bᵀ, with a bias) on one
    /// thread and on two, and requires the same bits; returns the result.
    /// </summary>
    private static float[] AssertTwoThreadsGiveTheOneThreadResult(int seed, Action<float[], int, GemmPackedB, float[], float[]> product)
    {
        var random = new Random(seed);
        int m = 97, n = 1000, k = 300;
        var a = GemmTests.RandomMatrix(random, m * k);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, GemmTests.RandomMatrix(random, n * k), k);
        var bias = GemmTests.RandomMatrix(random, n);
        var one = new float[m * n];
        var two = new float[m * n];
        product(a, k, packed, bias, one);
        GemmParallelismLock.WithThreads(2, () => product(a, k, packed, bias, two));
        Assert.Equal(one, two);
        return two;
    }
}

/// <summary>
/// The tests that change <see cref="Gemm.MaxDegreeOfParallelism"/>, a process-wide setting, all
/// live in <see cref="GemmThreadingTests"/>, and this group runs alone: while the degree is above
/// 1, another class's product would go parallel too, and the first call to need a worker starts it
/// on that class's thread, which its zero-allocation check then sees (2,736 bytes, seen in one run
/// in 25).
/// </summary>
[CollectionDefinition(GemmParallelismLock.Group, DisableParallelization = true)]
public sealed class GemmParallelismGroup
{
}

/// <summary>Serializes tests that change the process-wide degree of parallelism.</summary>
internal static class GemmParallelismLock
{
    /// <summary>The xunit collection those tests run in (<see cref="GemmParallelismGroup"/>).</summary>
    public const string Group = "Process-wide GEMM parallelism";

    private static readonly object Gate = new();

    /// <summary>Runs <paramref name="action"/> with <see cref="Gemm.MaxDegreeOfParallelism"/> = degree, then puts 1 back.</summary>
    public static void WithThreads(int degree, Action action)
    {
        lock (Gate)
        {
            Gemm.MaxDegreeOfParallelism = degree;
            try
            {
                action();
            }
            finally
            {
                Gemm.MaxDegreeOfParallelism = 1;
            }
        }
    }
}
