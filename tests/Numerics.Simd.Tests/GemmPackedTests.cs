using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// Products with a prepacked B (<see cref="GemmPackedB"/>) against the double reference, with the
/// tolerance of <see cref="GemmTests.AssertClose"/>: the one-row kernels sum one, two or four
/// interleaved k phases and add them pairwise, at most ⌈k/phases⌉ + 3 roundings per element,
/// within (k + 2)·u. The random cases are <see cref="GemmTests.CheckCase"/>'s, with B prepacked.
/// </summary>
public class GemmPackedTests
{
    [Property(MaxTest = 300)]
    public void Matches_the_double_reference_for_every_transpose_and_edge_size(int seed) => GemmTests.CheckCase(seed, prepackB: true);

    [Property(MaxTest = 60)]
    public void Matches_the_reference_when_small_blocks_put_every_block_edge_inside_the_shape(int seed)
    {
        // The packed layout does not depend on the blocks; the driver's walk over it does.
        GemmTests.CheckCase(seed, prepackB: true, calls: GemmCalls.SmallBlocks);
    }

    [Theory]
    [InlineData(1, 784, 256)]
    [InlineData(1, 130, 1000)]
    [InlineData(64, 784, 256)]
    [InlineData(257, 260, 300)]
    public void A_dense_layer_with_bias_matches_the_reference(int m, int k, int n)
    {
        var random = new Random(m * 7 + k + n);
        var a = GemmTests.RandomMatrix(random, m * k);
        var w = GemmTests.RandomMatrix(random, n * k);
        var bias = GemmTests.RandomMatrix(random, n);
        var c = new float[m * n];
        Array.Fill(c, float.NaN);
        var (want, scale) = ReferenceGemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, w, k, 0f, c, n, bias);
        Gemm.MultiplyAddBias(Transpose.No, m, a, k, GemmPackedB.Create(Transpose.Yes, k, n, w, k), bias, c, n);
        GemmTests.AssertClose(want, scale, c, m, n, n, k, $"{m}x{k}x{n}");
    }

    [Fact]
    public void Blocked_rows_give_bitwise_the_unpacked_result()
    {
        // From two rows on, the packed product runs the same kernels in the same order as the
        // unpacked one; only where B's slivers come from differs.
        var random = new Random(3);
        int m = 29, n = 70, k = 300;
        var a = GemmTests.RandomMatrix(random, m * k);
        var b = GemmTests.RandomMatrix(random, k * n);
        var unpacked = new float[m * n];
        var packed = new float[m * n];
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, unpacked, n);
        Gemm.Multiply(Transpose.No, m, 1f, a, k, GemmPackedB.Create(Transpose.No, k, n, b, n), 0f, packed, n);
        Assert.Equal(unpacked, packed);
    }

    [Fact]
    public void Repacking_takes_the_new_values_and_allocates_nothing()
    {
        var random = new Random(4);
        int m = 1, n = 40, k = 33;
        var a = GemmTests.RandomMatrix(random, m * k);
        var first = GemmTests.RandomMatrix(random, n * k);
        var second = GemmTests.RandomMatrix(random, n * k);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, first, k);
        var c = new float[m * n];
        var c64 = new float[64 * n];
        var a64 = GemmTests.RandomMatrix(random, 64 * k);
        Gemm.Multiply(Transpose.No, 64, 1f, a64, k, packed, 0f, c64, n);

        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            packed.Pack(Transpose.Yes, second, k);
            Gemm.Multiply(Transpose.No, m, 1f, a, k, packed, 0f, c, n);
            Gemm.MultiplyAddBias(Transpose.No, 64, a64, k, packed, c.AsSpan(0, n), c64, n);
        }));

        var (want, scale) = ReferenceGemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, second, k, 0f, new float[m * n], n);
        GemmTests.AssertClose(want, scale, c, m, n, n, k, "after repacking");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void One_row_matches_the_reference_for_every_panel_group_and_k_remainder(bool transposedA)
    {
        // The one-row kernel streams 8, 4, 2 or 1 panels side by side (4, 2, 1 below 512 bits), with
        // as many k phases as fit; 1 to 17 panels, full or ending short, cover every mix of groups,
        // and k = 1 … 9 every remainder of the phases. A transposed A gives x a step (lda).
        var random = new Random(transposedA ? 11 : 10);
        int nr = GemmKernelTable.PanelWidth;
        for (int panels = 1; panels <= 17; panels++)
        {
            foreach (int n in new[] { panels * nr, panels * nr - nr / 2 - 1, (panels - 1) * nr + 1 })
            {
                foreach (int k in new[] { 1, 2, 3, 4, 5, 6, 7, 9, 36 })
                {
                    int lda = transposedA ? 3 : k;
                    var a = GemmTests.RandomMatrix(random, transposedA ? k * lda : k);
                    var w = GemmTests.RandomMatrix(random, n * k);
                    var bias = GemmTests.RandomMatrix(random, n);
                    var c = new float[n];
                    Array.Fill(c, float.NaN); // the bias path must not read C
                    var transA = transposedA ? Transpose.Yes : Transpose.No;
                    var (want, scale) = ReferenceGemm.Multiply(transA, Transpose.Yes, 1, n, k, 1f, a, lda, w, k, 0f, c, n, bias);
                    Gemm.MultiplyAddBias(transA, 1, a, lda, GemmPackedB.Create(Transpose.Yes, k, n, w, k), bias, c, n);
                    GemmTests.AssertClose(want, scale, c, 1, n, n, k, $"n={n} k={k} transA={transA} path={Isa.VectorBits}");
                }
            }
        }
    }

    [Fact]
    public void NaN_and_infinity_propagate_through_the_one_row_kernel()
    {
        // 300 columns: on the 512-bit path a group of eight panels, then one of two, the last short.
        int n = 300, k = 9;
        var x = new float[k];
        var b = new float[k * n];
        Array.Fill(x, 1f);
        Array.Fill(b, 1f);
        b[3 * n + 5] = float.NaN;
        b[4 * n + 33] = float.PositiveInfinity;
        b[8 * n + 290] = float.NegativeInfinity;
        var c = new float[n];
        Gemm.Multiply(Transpose.No, 1, 1f, x, k, GemmPackedB.Create(Transpose.No, k, n, b, n), 0f, c, n);
        Assert.True(float.IsNaN(c[5]));
        Assert.Equal(float.PositiveInfinity, c[33]);
        Assert.Equal(float.NegativeInfinity, c[290]);
        Assert.Equal(k, c[0]);
        Assert.Equal(k, c[299]);
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        var buffer = new float[64];
        var packed = new GemmPackedB(4, 3);
        Assert.Equal(4, packed.Rows);
        Assert.Equal(3, packed.Columns);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new GemmPackedB(-1, 3)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new GemmPackedB(3, -1)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new GemmPackedB(1 << 20, 1 << 12)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentOutOfRangeException>(() => packed.Pack(Transpose.No, buffer, 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => packed.Pack(Transpose.Yes, buffer.AsSpan(0, 11), 4)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Gemm.Multiply(Transpose.No, 1, 1f, buffer, 4, null!, 0f, buffer, 3)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, -1, 1f, buffer, 4, packed, 0f, buffer, 3)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, 2, 1f, buffer, 3, packed, 0f, buffer, 3)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.Yes, 2, 1f, buffer.AsSpan(0, 7), 2, packed, 0f, buffer, 3)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, 2, 1f, buffer, 4, packed, 0f, buffer.AsSpan(0, 5), 3)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBias(Transpose.No, 2, buffer, 4, packed, buffer.AsSpan(0, 2), buffer, 3)).ParamName);
    }
}
