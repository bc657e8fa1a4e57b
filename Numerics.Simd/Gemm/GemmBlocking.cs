namespace Numerics.Simd;

/// <summary>
/// Cache blocking for the packed GEMM (BLIS names), handed to the driver with each product: a
/// KC×NR sliver of packed B is streamed from L1/L2 (384·32·4 B = 48 KB, the Zen 5 L1D), an MC×KC
/// block of packed A stays in L2 (240·384·4 B = 360 KB of 1 MB), a KC×NC panel of B in L3. KC =
/// 384 rather than 256 makes fewer passes over C per product (figures in
/// perf/results/gemm-design.md); k is then cut into equal slices (GemmDriver), so 784 runs as
/// 3·262 rather than 2·384 + 16. MC is a multiple of every MR and NC of every NR.
/// </summary>
/// <param name="kc">The deepest k slice when B is packed per slice; ≥ 1.</param>
/// <param name="packedKC">The deepest k slice with a prepacked B; ≥ 1.</param>
/// <param name="mc">The rows of A packed at a time: a positive multiple of 12 (every MR).</param>
/// <param name="nc">The columns of B packed at a time: a positive multiple of 32 (every NR).</param>
/// <exception cref="ArgumentOutOfRangeException">A size is not of that form.</exception>
internal readonly struct GemmBlocking(int kc, int packedKC, int mc, int nc)
{
    /// <summary>The blocks every public entry uses.</summary>
    public static readonly GemmBlocking Tuned = new(kc: 384, packedKC: 1024, mc: 240, nc: 4096);

    /// <summary>The deepest k slice when B is packed per slice.</summary>
    public readonly int KC = kc >= 1 ? kc : throw new ArgumentOutOfRangeException(nameof(kc), kc, "kc must be at least 1.");

    /// <summary>
    /// The deepest k slice with a prepacked B (nothing to pack per slice): A's 12-row sliver of
    /// 1024 floats·12 = 48 KB still streams from L1/L2, and deeper slices make fewer passes over C.
    /// </summary>
    public readonly int PackedKC = packedKC >= 1 ? packedKC : throw new ArgumentOutOfRangeException(nameof(packedKC), packedKC, "packedKC must be at least 1.");

    /// <summary>The rows of A packed at a time.</summary>
    public readonly int MC = mc >= 12 && mc % 12 == 0 ? mc : throw new ArgumentOutOfRangeException(nameof(mc), mc, "mc must be a positive multiple of 12.");

    /// <summary>The columns of B packed at a time.</summary>
    public readonly int NC = nc >= 32 && nc % 32 == 0 ? nc : throw new ArgumentOutOfRangeException(nameof(nc), nc, "nc must be a positive multiple of 32.");

    /// <summary>
    /// Whether a row-major A with row stride <paramref name="lda"/> floats may be read by the
    /// direct kernels without packing: its rows then stream through L1 side by side, and a stride
    /// of a multiple of 2 KB would map 12 rows to at most 2 of the 64 sets of a 4 KB L1 way (6 or
    /// 12 lines in a 12-way set, evicting each other and B). A multiple of 1 KB (lda = 256) puts 3 rows per set.
    /// </summary>
    public static bool RowsSpreadOverL1Sets(nint lda) => lda * sizeof(float) % 2048 != 0;
}
