namespace Numerics.Simd;

/// <summary>
/// Cache blocking for the packed GEMM (BLIS names): a KC×NR sliver of packed B is streamed
/// from L1/L2 (384·32·4 B = 48 KB, the Zen 5 L1D), an MC×KC block of packed A stays in L2
/// (240·384·4 B = 360 KB of 1 MB), a KC×NC panel of B in L3. KC = 384 measured 4-10% faster
/// than 256 at 512³ and at the MLP shapes 64×784×256 (fewer passes over C per product);
/// k is then cut into equal slices (GemmDriver), so 784 runs as 3·262 rather than 2·384 + 16.
/// MC is a multiple of every MR and NC of every NR.
/// </summary>
internal static class GemmBlocking
{
    public const int DefaultKC = 384;
    public const int DefaultMC = 240;
    public const int DefaultNC = 4096;

    /// <summary>
    /// The slice depth with a prepacked B (nothing to pack per slice): A's 12-row sliver of
    /// 1024 floats·12 = 48 KB still streams from L1/L2; 64×784×256 measured 193 GFLOP/s with 384
    /// and 200 with one slice of 784.
    /// </summary>
    public const int DefaultPackedKC = 1024;

    /// <summary>
    /// Whether a row-major A with row stride <paramref name="lda"/> floats may be read by the
    /// direct kernels without packing: its rows then stream through L1 side by side, and a stride
    /// of a multiple of 2 KB would map 12 rows to at most 2 of the 64 sets of a 4 KB L1 way (6 or
    /// 12 lines in a 12-way set, evicting each other and B). A multiple of 1 KB (lda = 256) puts 3 rows per set.
    /// </summary>
    public static bool RowsSpreadOverL1Sets(nint lda) => lda * sizeof(float) % 2048 != 0;

    // Overrides are per thread so that a test shrinking the blocks cannot disturb another
    // test (or a caller) running on another thread at the same time.
    [ThreadStatic] private static int kcOverride, mcOverride, ncOverride;

    public static int KC => kcOverride > 0 ? kcOverride : DefaultKC;
    public static int PackedKC => kcOverride > 0 ? kcOverride : DefaultPackedKC;
    public static int MC => mcOverride > 0 ? mcOverride : DefaultMC;
    public static int NC => ncOverride > 0 ? ncOverride : DefaultNC;

    /// <summary>Tests shrink the blocks (on the calling thread only) so every block edge is crossed by small, fast shapes.</summary>
    internal static void Override(int kc, int mc, int nc)
    {
        if (kc < 1 || mc % 12 != 0 || mc < 12 || nc % 32 != 0 || nc < 32)
        {
            throw new ArgumentOutOfRangeException(nameof(kc), "kc ≥ 1, mc a multiple of 12, nc a multiple of 32.");
        }

        kcOverride = kc;
        mcOverride = mc;
        ncOverride = nc;
    }

    internal static void Reset() => kcOverride = mcOverride = ncOverride = 0;
}
