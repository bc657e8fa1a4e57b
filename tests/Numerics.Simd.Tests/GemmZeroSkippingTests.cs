using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// The one-row product's zero skipping (GemmPackedGemv.Sparse.cs, 512- and 256-bit paths):
/// reading only the rows of B whose x is not zero must give bit for bit what reading every row
/// gives, since each k phase takes the same nonzero terms in the same order; and it must not skip
/// over a B that holds an infinity or a NaN (0·∞ is NaN). On the 128-bit and scalar paths nothing
/// is skipped and the same checks compare the dense kernels with themselves and the reference.
/// </summary>
public class GemmZeroSkippingTests
{
    [Theory]
    [InlineData(0.35)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.0)]
    public void Skipping_gives_the_dense_bits_for_every_panel_group_and_k_remainder(double zeroFraction)
    {
        // 1 to 17 panels cover every mix of the 8-, 4-, 2- and 1-panel groups (1, 2 and 4 k phases);
        // k around 16 (the compaction's vector) and every remainder of the phases.
        var random = new Random((int)(zeroFraction * 100));
        int nr = GemmKernelTable.PanelWidth;
        int skipped = 0;
        for (int panels = 1; panels <= 17; panels++)
        {
            foreach (int n in new[] { panels * nr, panels * nr - nr / 2 - 1 })
            {
                foreach (int k in new[] { 1, 3, 6, 15, 16, 17, 18, 31, 33, 35, 50, 300 })
                {
                    var x = SparseVector(random, k, zeroFraction);
                    var w = GemmTests.RandomMatrix(random, n * k);
                    var bias = GemmTests.RandomMatrix(random, n);
                    var packed = GemmPackedB.Create(Transpose.Yes, k, n, w, k);
                    string context = $"n={n} k={k} zeros={zeroFraction} path={Isa.VectorBits}";
                    skipped += WouldSkip(n, x) ? 1 : 0;

                    var skipping = new float[n];
                    var dense = new float[n];
                    OneRow(skipZeroRows: true, 1f, x, packed, bias, 0f, skipping);
                    OneRow(skipZeroRows: false, 1f, x, packed, bias, 0f, dense);
                    AssertSameBits(dense, skipping, context);
                    var (want, scale) = ReferenceGemm.Multiply(Transpose.No, Transpose.Yes, 1, n, k, 1f, x, k, w, k, 0f, new float[n], n, bias);
                    GemmTests.AssertClose(want, scale, skipping, 1, n, n, k, context);

                    // alpha and beta·C go through the same store.
                    var c = GemmTests.RandomMatrix(random, n);
                    var cDense = (float[])c.Clone();
                    OneRow(skipZeroRows: true, -0.5f, x, packed, null, 2f, c);
                    OneRow(skipZeroRows: false, -0.5f, x, packed, null, 2f, cDense);
                    AssertSameBits(cDense, c, context + " alpha=-0.5 beta=2");
                }
            }
        }

        // The sparse kernels did run (where the path has them): a test that never skipped would prove nothing.
        Assert.True(!Skips || skipped > 100, $"only {skipped} products skipped zeros");
    }

    [Fact]
    public void Skips_only_a_contiguous_x_with_a_third_or_more_zeros_on_the_512_and_256_bit_paths()
    {
        int nr = GemmKernelTable.PanelWidth;
        var x = SparseVector(new Random(3), 300, 0.5);
        Assert.Equal(Skips, WouldSkip(8 * nr, x));
        Assert.False(WouldSkip(8 * nr, SparseVector(new Random(3), 300, 0.2)));
        // One panel reads every row, even of an x all zero; two skip when most of x is zero.
        Assert.False(WouldSkip(nr, new float[300]));
        Assert.Equal(Skips, WouldSkip(2 * nr, SparseVector(new Random(4), 300, 0.7)));
        // Past MaxSparseDepth the lists would not fit on the stack.
        Assert.False(WouldSkip(8 * nr, new float[GemmPackedGemv.MaxSparseDepth + 1]));
    }

    [Fact]
    public void Turning_skipping_off_gives_the_same_bits_through_the_public_entry()
    {
        // Gemm.SkipZeroRows is process-wide; products of other tests running meanwhile give the same bits either way.
        int n = 300, k = 200;
        var random = new Random(7);
        var x = SparseVector(random, k, 0.6);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, GemmTests.RandomMatrix(random, n * k), k);
        var bias = GemmTests.RandomMatrix(random, n);
        var skipping = new float[n];
        var everyRow = new float[n];
        Assert.True(Gemm.SkipZeroRows);
        Gemm.MultiplyAddBias(Transpose.No, 1, x, k, packed, bias, skipping, n);
        try
        {
            Gemm.SkipZeroRows = false;
            Gemm.MultiplyAddBias(Transpose.No, 1, x, k, packed, bias, everyRow, n);
        }
        finally
        {
            Gemm.SkipZeroRows = true;
        }

        AssertSameBits(everyRow, skipping, $"n={n} k={k} path={Isa.VectorBits}");
    }

    [Fact]
    public void A_B_with_an_infinity_or_a_NaN_is_read_in_full()
    {
        // x is zero where B holds ∞ and NaN: the dense product is NaN in those columns (0·∞, 0·NaN).
        int n = 300, k = 40;
        var x = new float[k];
        for (int p = 0; p < k; p += 3) x[p] = 1f;
        var w = new float[n * k];
        Array.Fill(w, 0.5f);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, w, k);
        Assert.True(packed.AllFinite);
        w[7 * k + 1] = float.PositiveInfinity; // column 7, row 1: x[1] = 0
        w[290 * k + 2] = float.NaN;            // column 290, row 2: x[2] = 0
        packed.Pack(Transpose.Yes, w, k);
        Assert.False(packed.AllFinite);
        var c = new float[n];
        Gemm.Multiply(Transpose.No, 1, 1f, x, k, packed, 0f, c, n);
        Assert.True(float.IsNaN(c[7]), $"c[7] = {c[7]}");
        Assert.True(float.IsNaN(c[290]), $"c[290] = {c[290]}");
        Assert.Equal(14 * 0.5f, c[0]);

        // Repacked finite, the product may skip again, and agrees with the dense one.
        w[7 * k + 1] = 0.5f;
        w[290 * k + 2] = 0.5f;
        packed.Pack(Transpose.Yes, w, k);
        Assert.True(packed.AllFinite);
        Gemm.Multiply(Transpose.No, 1, 1f, x, k, packed, 0f, c, n);
        Assert.All(c, value => Assert.Equal(14 * 0.5f, value));
    }

    [Fact]
    public void A_NaN_or_an_infinity_in_x_is_not_a_zero()
    {
        int n = 64, k = 48;
        var x = new float[k];
        x[5] = float.NaN;
        x[20] = float.PositiveInfinity;
        x[33] = -0f;
        var w = new float[n * k];
        Array.Fill(w, 1f);
        w[3 * k + 20] = -1f;
        var c = new float[n];
        Gemm.Multiply(Transpose.No, 1, 1f, x, k, GemmPackedB.Create(Transpose.Yes, k, n, w, k), 0f, c, n);
        Assert.All(c, value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void Skipping_allocates_nothing()
    {
        int n = 300, k = 300;
        var random = new Random(5);
        var x = SparseVector(random, k, 0.6);
        var packed = GemmPackedB.Create(Transpose.Yes, k, n, GemmTests.RandomMatrix(random, n * k), k);
        var bias = GemmTests.RandomMatrix(random, n);
        var c = new float[n];
        Gemm.MultiplyAddBias(Transpose.No, 1, x, k, packed, bias, c, n);
        Assert.Equal(0, Allocations.FewestPerRun(() => Gemm.MultiplyAddBias(Transpose.No, 1, x, k, packed, bias, c, n)));
    }

    /// <summary>Whether this process's path skips zeros at all: it needs AVX-512F at 512 bits, AVX2 at 256.</summary>
    private static bool Skips => (Isa.VectorBits == 512 && Avx512F.IsSupported) || (Isa.VectorBits == 256 && Avx2.IsSupported);

    /// <summary>Random values with about <paramref name="zeroFraction"/> of them zero, a third of those −0.</summary>
    private static float[] SparseVector(Random random, int length, double zeroFraction)
    {
        var x = GemmTests.RandomMatrix(random, length);
        for (int p = 0; p < length; p++)
        {
            if (random.NextDouble() < zeroFraction) x[p] = random.Next(3) == 0 ? -0f : 0f;
        }

        return x;
    }

    /// <summary>c = alpha·x·B + (beta·c, or the bias) by the one-row product, skipping the rows of B whose x is zero or reading every row.</summary>
    private static unsafe void OneRow(bool skipZeroRows, float alpha, float[] x, GemmPackedB packed, float[]? bias, float beta, float[] c)
    {
        fixed (float* xFirst = x, cFirst = c, biasFirst = bias)
        {
            GemmPackedGemv.Run(packed.Columns, packed.Rows, alpha, xFirst, 1, packed.Data, beta, cFirst, biasFirst, skipZeroRows && packed.AllFinite);
        }
    }

    private static unsafe bool WouldSkip(int n, float[] x)
    {
        fixed (float* first = x) return GemmPackedGemv.ZerosWorthSkipping(n, x.Length, first, 1) > 0;
    }

    private static void AssertSameBits(float[] want, float[] got, string context)
    {
        for (int j = 0; j < want.Length; j++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(want[j]) == BitConverter.SingleToInt32Bits(got[j]),
                $"{context}: c[{j}] = {got[j]:R} skipping zeros, {want[j]:R} reading every row");
        }
    }
}
