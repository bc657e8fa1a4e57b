using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// <see cref="Gemm.MultiplyAddBiasRelu"/>: the ReLU applied to each tile of C as the product
/// finishes it. It must give bit for bit what <see cref="Gemm.MultiplyAddBias(Transpose, int, ReadOnlySpan{float}, int, GemmPackedB, ReadOnlySpan{float}, Span{float}, int)"/>
/// followed by <see cref="Activations.Relu"/> gives (a dense layer's inference and training
/// passes must agree), and be close to max(reference, 0): ReLU is 1-Lipschitz, so the product's
/// error bound (k + 2)·u·Σ|a·b| carries over unchanged.
/// </summary>
public class GemmReluTests
{
    // Edges of every path: one row (the matrix-vector kernel), 4/8/12-row tiles, n around NR = 32
    // and the 16-wide kernel, and k around the 7-deep slices of the small-blocks case.
    private static readonly int[] Rows = [1, 2, 3, 4, 5, 8, 9, 12, 13, 16, 25, 64, 97];
    private static readonly int[] Columns = [1, 3, 10, 15, 16, 17, 31, 32, 33, 64, 70];
    private static readonly int[] Depths = [0, 1, 6, 7, 8, 14, 15, 33, 300];

    [Property(MaxTest = 200)]
    public void Is_the_product_then_Relu_bit_for_bit_and_close_to_the_reference(int seed) => CheckCase(seed);

    [Property(MaxTest = 60)]
    public void Applies_the_ReLU_only_after_the_last_k_slice(int seed)
    {
        // With 7-deep slices the partial sums of the first slices are often negative; a ReLU
        // applied to them would zero what the later slices add to.
        CheckCase(seed, GemmCalls.SmallBlocks);
    }

    [Fact]
    public void Special_values_follow_Activations_Relu()
    {
        // k = 0: C = ReLU(bias) exactly; -0 becomes +0, NaN stays NaN, -Inf becomes 0.
        float[] bias = [-0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -2f, 3f];
        int m = 3, n = bias.Length;
        var c = new float[m * n];
        Gemm.MultiplyAddBiasRelu(Transpose.No, m, [], 1, new GemmPackedB(0, n), bias, c, n);
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(0f, c[i * n]);
            Assert.False(float.IsNegative(c[i * n]), "ReLU(-0) must be +0");
            Assert.True(float.IsNaN(c[i * n + 1]));
            Assert.Equal([0f, float.PositiveInfinity, 0f, 3f], c[(i * n + 2)..(i * n + 6)]);
        }

        // A NaN in A reaches its row of C through the fused store, on the one-row and the blocked path.
        foreach (int rows in new[] { 1, 20 })
        {
            int k = 5;
            n = 40;
            var a = new float[rows * k];
            Array.Fill(a, 1f);
            a[(rows - 1) * k + 2] = float.NaN;
            var b = new float[k * n];
            Array.Fill(b, -1f);
            c = new float[rows * n];
            Gemm.MultiplyAddBiasRelu(Transpose.No, rows, a, k, GemmPackedB.Create(Transpose.No, k, n, b, n), new float[n], c, n);
            Assert.All(c[..((rows - 1) * n)], value => Assert.Equal(0f, value));
            Assert.All(c[((rows - 1) * n)..], value => Assert.True(float.IsNaN(value)));
        }
    }

    [Fact]
    public void Nothing_is_allocated_on_the_one_row_and_the_blocked_path()
    {
        var random = new Random(6);
        int m = 97, n = 1000, k = 300;
        var a = GemmTests.RandomMatrix(random, m * k);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, GemmTests.RandomMatrix(random, n * k), k);
        var bias = GemmTests.RandomMatrix(random, n);
        var c = new float[m * n];
        Gemm.MultiplyAddBiasRelu(Transpose.No, 1, a, k, packed, bias, c, n);
        Gemm.MultiplyAddBiasRelu(Transpose.No, m, a, k, packed, bias, c, n);
        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            Gemm.MultiplyAddBiasRelu(Transpose.No, m, a, k, packed, bias, c, n);
            Gemm.MultiplyAddBiasRelu(Transpose.No, 1, a, k, packed, bias, c, n);
        }));
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        var buffer = new float[64];
        var packed = new GemmPackedB(4, 3);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Gemm.MultiplyAddBiasRelu(Transpose.No, 1, buffer, 4, null!, buffer.AsSpan(0, 3), buffer, 3)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyAddBiasRelu(Transpose.No, -1, buffer, 4, packed, buffer.AsSpan(0, 3), buffer, 3)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyAddBiasRelu(Transpose.No, 2, buffer, 3, packed, buffer.AsSpan(0, 3), buffer, 3)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBiasRelu(Transpose.No, 2, buffer, 4, packed, buffer.AsSpan(0, 3), buffer.AsSpan(0, 5), 3)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBiasRelu(Transpose.No, 2, buffer, 4, packed, buffer.AsSpan(0, 2), buffer, 3)).ParamName);
    }

    private static void CheckCase(int seed, GemmCalls? calls = null)
    {
        var gemm = calls ?? GemmCalls.Public;
        var random = new Random(seed);
        int m = Rows[random.Next(Rows.Length)];
        int n = Columns[random.Next(Columns.Length)];
        int k = Depths[random.Next(Depths.Length)];
        var transA = random.Next(2) == 0 ? Transpose.No : Transpose.Yes;
        int lda = Math.Max(1, transA == Transpose.No ? k : m) + random.Next(3);
        int ldc = n + random.Next(3);
        var a = GemmTests.RandomMatrix(random, Math.Max(1, (transA == Transpose.No ? m : k) * lda));
        var w = GemmTests.RandomMatrix(random, Math.Max(1, n * k));
        var bias = GemmTests.RandomMatrix(random, n);
        int ldw = Math.Max(1, k);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, w, ldw);
        string context = $"m={m} n={n} k={k} transA={transA} lda={lda} ldc={ldc}";

        var fused = new float[m * ldc];
        var separate = new float[m * ldc];
        Array.Fill(fused, float.NaN);
        Array.Fill(separate, float.NaN);
        gemm.MultiplyAddBiasRelu(transA, m, a, lda, packed, bias, fused, ldc);
        gemm.MultiplyAddBias(transA, m, a, lda, packed, bias, separate, ldc);
        for (int i = 0; i < m; i++) Activations.Relu(separate.AsSpan(i * ldc, n), separate.AsSpan(i * ldc, n));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (BitConverter.SingleToInt32Bits(fused[i * ldc + j]) != BitConverter.SingleToInt32Bits(separate[i * ldc + j]))
                {
                    Assert.Fail($"{context}: fused C[{i},{j}] = {fused[i * ldc + j]:R}, separate {separate[i * ldc + j]:R}");
                }
            }

            // The padding between rows is never written.
            for (int j = n; j < ldc; j++) Assert.True(float.IsNaN(fused[i * ldc + j]), $"{context}: padding C[{i},{j}] written");
        }

        var (want, scale) = ReferenceGemm.Multiply(transA, Transpose.Yes, m, n, k, 1f, a, lda, w, ldw, 0f, new float[m * n], n, bias);
        for (int i = 0; i < want.Length; i++) want[i] = Math.Max(want[i], 0);
        var compact = new float[m * n];
        for (int i = 0; i < m; i++) Array.Copy(fused, i * ldc, compact, i * n, n);
        GemmTests.AssertClose(want, scale, compact, m, n, n, k, context);
    }
}
