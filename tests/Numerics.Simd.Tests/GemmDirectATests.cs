using FsCheck.Xunit;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// A row-major A is read where it lies on the 512-bit path (the direct kernels) unless its row
/// stride is a multiple of 512 floats, where it is packed as every A is on the other paths.
/// Both must run the same fused multiply-adds in the same order, so the same product through
/// either gives the same bits; the packed one is checked against the double reference too.
/// </summary>
public class GemmDirectATests
{
    private const int PackedStride = 512;

    // m past every tile split of a block (12, 8 + 8, 8 + 5, 4, …) and short last slivers (5, 65).
    private static readonly int[] Rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 20, 24, 25, 28, 29, 64, 65, 100];
    private static readonly int[] Depths = [1, 2, 15, 16, 17, 33, 100];
    private static readonly int[] Columns = [1, 10, 16, 17, 32, 33, 70];

    [Fact]
    public void The_512_bit_path_has_direct_kernels_and_the_others_do_not() =>
        Assert.Equal(Isa.VectorBits == 512, GemmKernelTable.ForThisMachine.Direct.Available);

    [Theory]
    [InlineData(784, true)]
    [InlineData(256, true)]
    [InlineData(100, true)]
    [InlineData(512, false)]
    [InlineData(1024, false)]
    [InlineData(1536, false)]
    public void Strides_that_crowd_L1_sets_are_packed(int lda, bool direct) =>
        Assert.Equal(direct, GemmBlocking.RowsSpreadOverL1Sets(lda));

    [Property(MaxTest = 150)]
    public void Reading_A_where_it_lies_gives_the_bits_of_packing_it(int seed) => CheckSameBits(seed);

    [Property(MaxTest = 40)]
    public void Reading_A_where_it_lies_gives_the_bits_of_packing_it_across_small_blocks(int seed)
    {
        CheckSameBits(seed, GemmCalls.SmallBlocks);
    }

    private static void CheckSameBits(int seed, GemmCalls? calls = null)
    {
        var gemm = calls ?? GemmCalls.Public;
        var random = new Random(seed);
        int m = Rows[random.Next(Rows.Length)], k = Depths[random.Next(Depths.Length)], n = Columns[random.Next(Columns.Length)];
        var transB = random.Next(2) == 0 ? Transpose.No : Transpose.Yes;
        int ldb = transB == Transpose.No ? n : k;
        int lda = k + random.Next(3);
        var a = GemmTests.RandomMatrix(random, m * lda);
        var b = GemmTests.RandomMatrix(random, k * n);
        var bias = GemmTests.RandomMatrix(random, n);
        var packedA = new float[m * PackedStride];
        for (int i = 0; i < m; i++) Array.Copy(a, i * lda, packedA, i * PackedStride, k);

        var direct = new float[m * n];
        var packed = new float[m * n];
        gemm.MultiplyAddBias(Transpose.No, transB, m, n, k, a, lda, b, ldb, bias, direct, n);
        gemm.MultiplyAddBias(Transpose.No, transB, m, n, k, packedA, PackedStride, b, ldb, bias, packed, n);
        string context = $"seed {seed}: m={m} n={n} k={k} lda={lda} {transB} path={Isa.VectorBits}";
        Assert.True(direct.AsSpan().SequenceEqual(packed), context);

        var (want, scale) = ReferenceGemm.Multiply(Transpose.No, transB, m, n, k, 1f, packedA, PackedStride, b, ldb, 0f, packed, n, bias);
        GemmTests.AssertClose(want, scale, packed, m, n, n, k, context);

        // Accumulating into C (later k slices, beta ≠ 0) goes through the other half of the kernels' store.
        gemm.Multiply(Transpose.No, transB, m, n, k, -0.5f, a, lda, b, ldb, 2f, direct, n);
        gemm.Multiply(Transpose.No, transB, m, n, k, -0.5f, packedA, PackedStride, b, ldb, 2f, packed, n);
        Assert.True(direct.AsSpan().SequenceEqual(packed), context + " (beta = 2)");
    }
}
