using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The BLIS/GotoBLAS loop nest around a microkernel: jc over NC-wide panels of B, pc over
/// KC-deep slices of k (B panel packed once), ic over MC-tall blocks of A (packed once, or on the
/// 512-bit path read where it lies when row-major, as MLAS does), then jr/ir over NR×MR tiles.
/// Every element of C sees the same sequence of fused multiply-adds whatever its position (edge tiles run the same kernel into a scratch tile and are merged with
/// the same fused epilogue), so results do not depend on where block edges or thread splits fall.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + (beta·C, or bias broadcast over rows when bias is not null and
    /// beta = 0). op(A)(i, p) = a[i·aRowStep + p·aColStep]; op(B)(p, j) = b[p·bRowStep + j·bColStep].
    /// m, n, k ≥ 1. C is read only when beta ≠ 0. When <paramref name="prepackedB"/> is not null
    /// it holds op(B) in <see cref="GemmPackedB"/>'s panel layout (panels kernels.NR wide, all k
    /// rows each) and b is not read: the slivers are used where they lie instead of being packed.
    /// When <paramref name="epilogue"/> is not null (a <see cref="GemmEpilogue"/> method) it is
    /// applied to each tile of C right after the tile's last k slice, while the tile is in L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmKernelTable kernels, in GemmBlocking blocking, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint bRowStep, nint bColStep,
        float beta, float* c, nint ldc, float* bias, float* prepackedB = null,
        delegate*<float*, nint, int, int, void> epilogue = null)
    {
        int mr = kernels.MR, nr = kernels.NR;
        // k is cut into equal slices of at most KC (784 = 3·262 rather than 2·384 + 16), so no slice is
        // so thin that the kernels' fixed costs per call dominate it.
        // A prepacked B costs nothing to slice finer or coarser, so it takes deeper slices (fewer
        // passes over C): 784 runs as one slice.
        int kcLimit = prepackedB != null ? blocking.PackedKC : blocking.KC;
        int slices = (k + kcLimit - 1) / kcLimit;
        int kcBlock = (k + slices - 1) / slices;
        int kcMax = kcBlock;
        int mcMax = Math.Min(blocking.MC, RoundUp(m, mr));
        int ncMax = Math.Min(blocking.NC, RoundUp(n, nr));

        // One scratch area: packed A, packed B, an edge tile, and a row of zeros for "no bias".
        // Each part starts on a 64-byte boundary: the kernels load packed B with aligned loads.
        nuint aFloats = (nuint)RoundUp(mcMax / mr * GemmPack.SliverFloats(mr, kcMax), 16), bFloats = prepackedB != null ? 0 : (nuint)RoundUp(ncMax * kcMax, 16), tileFloats = (nuint)RoundUp(mr * nr, 16);
        float* packedA = GemmScratch.ForThisThread.Get(aFloats + bFloats + tileFloats + (nuint)nr);
        float* packedB = packedA + aFloats;
        float* tile = packedB + bFloats;
        float* zeros = tile + tileFloats;
        for (int j = 0; j < nr; j++) zeros[j] = 0;

        // A row-major A is read where it lies when this path has direct kernels and its rows do
        // not crowd into a few L1 sets (GemmBlocking.RowsSpreadOverL1Sets); else it is packed.
        bool directA = kernels.Direct.Available && aColStep == 1 && GemmBlocking.RowsSpreadOverL1Sets(aRowStep);

        for (int jc = 0; jc < n; jc += blocking.NC)
        {
            int nc = Math.Min(blocking.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, k - pc);
                int aSliverFloats = GemmPack.SliverFloats(mr, kc);
                // Slivers of this kc×nc block: packed now (nr·kc apart) or already (nr·k apart, rows pc… of each panel).
                float* bBlock;
                nint sliverStride;
                if (prepackedB != null)
                {
                    bBlock = prepackedB + (nint)jc * k + (nint)pc * nr;
                    sliverStride = (nint)nr * k;
                }
                else
                {
                    GemmPack.PackB(b + pc * bRowStep + jc * bColStep, bRowStep, bColStep, kc, nc, nr, packedB);
                    bBlock = packedB;
                    sliverStride = (nint)nr * kc;
                }

                // The first k slice applies beta (or the bias); later slices accumulate into C;
                // the last one finishes each tile with the epilogue.
                bool first = pc == 0;
                var tileEpilogue = pc + kc == k ? epilogue : null;
                bool loadC = !first || beta != 0;
                float sliceBeta = first ? beta : 1f;
                float* sliceBias = first && bias != null ? bias + jc : null;

                for (int ic = 0; ic < m; ic += blocking.MC)
                {
                    int mc = Math.Min(blocking.MC, m - ic);
                    float* aBlock = a + ic * aRowStep + pc * aColStep;
                    if (directA) PackLastSliverIfShort(aBlock, aRowStep, mc, kc, kernels, packedA);
                    else GemmPack.PackA(aBlock, aRowStep, aColStep, mc, kc, kernels, packedA);

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bSliver = bBlock + jr / nr * sliverStride;
                        float* tileBias = sliceBias != null ? sliceBias + jr : zeros;
                        for (int ir = 0, rows, sliver = 0; ir < mc; ir += rows, sliver++)
                        {
                            rows = kernels.TileRows(mc - ir);
                            float* cTile = c + (ic + ir) * ldc + jc + jr;
                            float* aSliver = packedA + (directA ? 0 : (nint)sliver * aSliverFloats);
                            if (rows == mr && cols == nr)
                            {
                                if (directA) kernels.Direct.Full(kc, aBlock + ir * aRowStep, aRowStep, bSliver, cTile, ldc, alpha, sliceBeta, loadC, tileBias);
                                else kernels.Invoke(kc, aSliver, bSliver, cTile, ldc, alpha, sliceBeta, loadC, tileBias);
                            }
                            else
                            {
                                Edge(kernels, rows, cols, kc, directA ? aBlock + ir * aRowStep : null, aRowStep, aSliver, bSliver,
                                    tile, alpha, sliceBeta, loadC, tileBias, zeros, cTile, ldc);
                            }

                            if (tileEpilogue != null) tileEpilogue(cTile, ldc, rows, cols);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A tile that is not a full MR×NR: the cheapest kernel that covers it (<see cref="GemmKernelTable.For"/>)
    /// writes C in place when it fits exactly, else into <paramref name="tile"/>, merged into C after.
    /// A is read where it lies (<paramref name="aRows"/> not null) when the kernel is as tall as the
    /// tile, else from the packed <paramref name="aSliver"/>.
    /// </summary>
    private static void Edge(in GemmKernelTable kernels, int rows, int cols, int kc, float* aRows, nint lda, float* aSliver, float* bSliver,
        float* tile, float alpha, float beta, bool loadC, float* bias, float* zeros, float* c, nint ldc)
    {
        var (shape, height, width) = kernels.For(rows, cols);
        bool exact = rows == height && cols == width;
        float* to = exact ? c : tile;
        nint toStride = exact ? ldc : kernels.NR;
        float toAlpha = exact ? alpha : 1f, toBeta = exact ? beta : 0f;
        bool toLoad = exact && loadC;
        float* toBias = exact ? bias : zeros;
        if (aRows != null && rows == height) kernels.Direct[shape](kc, aRows, lda, bSliver, to, toStride, toAlpha, toBeta, toLoad, toBias);
        else kernels.Packed(shape)(kc, aSliver, bSliver, to, toStride, toAlpha, toBeta, toLoad, toBias);

        if (!exact) MergeEdge(tile, kernels.NR, rows, cols, alpha, beta, loadC, bias, c, ldc);
    }

    /// <summary>
    /// With A read where it lies, only a last tile shorter than its kernel (m = 65: 5·12 + 5 rows
    /// on the 8-row kernel) needs a packed, zero-padded sliver; it is packed alone at <paramref name="packed"/>.
    /// </summary>
    private static void PackLastSliverIfShort(float* aBlock, nint aRowStep, int mc, int kc, in GemmKernelTable kernels, float* packed)
    {
        int ir = 0, rows = kernels.TileRows(mc);
        while (ir + rows < mc)
        {
            ir += rows;
            rows = kernels.TileRows(mc - ir);
        }

        if (rows != kernels.For(rows, kernels.NR).Height) GemmPack.PackA(aBlock + ir * aRowStep, aRowStep, 1, rows, kc, kernels, packed);
    }

    /// <summary>
    /// The kernels' epilogue for the valid part of an edge tile: c = alpha·tile + (loadC ? beta·c : bias),
    /// one fused multiply-add per element as in the kernels (so the same bits). On the 512-bit path
    /// a row of up to 16 columns (a 10-wide output layer's whole row) is one masked vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeEdge(float* tile, int nr, int rows, int cols, float alpha, float beta, bool loadC,
        float* bias, float* c, nint ldc)
    {
        for (int i = 0; i < rows; i++)
        {
            float* from = tile + i * nr;
            float* to = c + i * ldc;
            int j = 0;
            if (Isa.VectorBits == 512)
            {
                var va = Vector512.Create(alpha);
                var vb = Vector512.Create(beta);
                for (; j < cols; j += 16)
                {
                    var mask = TailMask.First512((nuint)Math.Min(16, cols - j));
                    var addend = loadC
                        ? vb * Avx512F.MaskLoad(to + j, mask, Vector512<float>.Zero)
                        : Avx512F.MaskLoad(bias + j, mask, Vector512<float>.Zero);
                    Avx512F.MaskStore(to + j, mask, Vector512.FusedMultiplyAdd(Vector512.Load(from + j), va, addend));
                }
            }

            for (; j < cols; j++)
            {
                to[j] = loadC
                    ? MathF.FusedMultiplyAdd(from[j], alpha, beta * to[j])
                    : MathF.FusedMultiplyAdd(from[j], alpha, bias[j]);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
