using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Operators;
using unsafe PackedKernel = delegate*<int, float*, float*, float*, nint, float, float, bool, float*, void>;
using unsafe DirectKernel = delegate*<int, float*, nint, float*, float*, nint, float, float, bool, float*, void>;

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
    /// <summary>Microkernel: tile = alpha·(packed A sliver · packed B sliver) + (loadC ? beta·tile : bias).</summary>
    /// <remarks>
    /// <see cref="Invoke4"/> and <see cref="Invoke8"/>, where not null, compute only the first 4 or
    /// 8 rows of a full-height packed sliver: a block of C whose height leaves 4 or 8 rows over
    /// (m = 64 = 5·12 + 4) then costs what it computes, not a whole 12-row tile.
    /// <see cref="InvokeNarrow"/>, where not null, computes only the first NR/2 columns of a sliver:
    /// a 10-column output layer then costs 16 columns' work, not 32. Every kernel runs the same
    /// sequence of FMAs per element, so which one computed an element never changes its value.
    /// <see cref="Direct"/>, where present, holds the same four shapes reading a row-major A where
    /// it lies (<see cref="DirectKernels"/>), which saves packing A.
    /// </remarks>
    internal readonly struct Kernel(PackedKernel invoke, int mr, int nr,
        PackedKernel invoke4 = null, PackedKernel invoke8 = null, PackedKernel invokeNarrow = null,
        DirectKernels direct = default)
    {
        public readonly PackedKernel Invoke = invoke;
        public readonly PackedKernel Invoke4 = invoke4;
        public readonly PackedKernel Invoke8 = invoke8;
        public readonly PackedKernel InvokeNarrow = invokeNarrow;
        public readonly DirectKernels Direct = direct;
        public readonly int MR = mr;
        public readonly int NR = nr;

        /// <summary>
        /// The rows of C the next tile covers when <paramref name="remaining"/> rows of a block are
        /// left: MR, except that 13 to 16 rows go as 8 and then 5 to 8 (two 8-row kernels instead of
        /// a 12-row and a 4-row one: m = 64 runs as 4·12 + 2·8, and the 4-row kernel, with only
        /// eight FMA chains, is the slowest); the last tile takes what is left. Packing and the
        /// driver walk the same tiles, sliver t at t·MR·kc.
        /// </summary>
        public int TileRows(int remaining) =>
            remaining > MR ? (Invoke8 != null && remaining <= MR + 4 ? 8 : MR) : remaining;

        /// <summary>
        /// The cheapest kernel shape that covers <paramref name="rows"/> × <paramref name="cols"/>
        /// of a tile (0 full, 1 four rows, 2 eight rows, 3 narrow: <see cref="Packed"/> and
        /// <see cref="DirectKernels"/> index it) and how many rows and columns it writes.
        /// </summary>
        public (int Shape, int Height, int Width) For(int rows, int cols) =>
            rows <= 4 && Invoke4 != null ? (1, 4, NR)
            : rows <= 8 && Invoke8 != null ? (2, 8, NR)
            : cols <= NR / 2 && InvokeNarrow != null ? (3, MR, NR / 2)
            : (0, MR, NR);

        /// <summary>The packed kernel of a shape from <see cref="For"/>.</summary>
        public PackedKernel Packed(int shape) => shape switch { 1 => Invoke4, 2 => Invoke8, 3 => InvokeNarrow, _ => Invoke };
    }

    /// <summary>
    /// The direct twins of a kernel family, by shape index (<see cref="Kernel.For"/>): each reads
    /// A(i, p) = a[i·lda + p] instead of a packed sliver, with the same FMAs in the same order.
    /// </summary>
    internal readonly struct DirectKernels(DirectKernel full, DirectKernel four, DirectKernel eight, DirectKernel narrow)
    {
        public readonly DirectKernel Full = full, Four = four, Eight = eight, Narrow = narrow;

        public bool Available => Full != null;

        public DirectKernel this[int shape] => shape switch { 1 => Four, 2 => Eight, 3 => Narrow, _ => Full };
    }

    public static Kernel ForThisMachine => Isa.VectorBits switch
    {
        512 => new Kernel(&GemmKernel512.Kernel, GemmKernel512.MR, GemmKernel512.NR, &GemmKernel512.Kernel4, &GemmKernel512.Kernel8, &GemmKernel512.Kernel16,
            new DirectKernels(&GemmKernel512.DirectKernel, &GemmKernel512.DirectKernel4, &GemmKernel512.DirectKernel8, &GemmKernel512.DirectKernel16)),
        256 => new Kernel(&GemmKernel256.Kernel, GemmKernel256.MR, GemmKernel256.NR),
        128 => new Kernel(&GemmKernel128.Kernel, GemmKernel128.MR, GemmKernel128.NR),
        _ => new Kernel(&GemmKernelScalar.Kernel, GemmKernelScalar.MR, GemmKernelScalar.NR),
    };

    /// <summary>
    /// C = alpha·op(A)·op(B) + (beta·C, or bias broadcast over rows when bias is not null and
    /// beta = 0). op(A)(i, p) = a[i·aRowStep + p·aColStep]; op(B)(p, j) = b[p·bRowStep + j·bColStep].
    /// m, n, k ≥ 1. C is read only when beta ≠ 0. When <paramref name="prepackedB"/> is not null
    /// it holds op(B) in <see cref="GemmPackedB"/>'s panel layout (panels kernel.NR wide, all k
    /// rows each) and b is not read: the slivers are used where they lie instead of being packed.
    /// When <paramref name="epilogue"/> is not null (a <see cref="GemmEpilogue"/> method) it is
    /// applied to each tile of C right after the tile's last k slice, while the tile is in L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in Kernel kernel, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint bRowStep, nint bColStep,
        float beta, float* c, nint ldc, float* bias, float* prepackedB = null,
        delegate*<float*, nint, int, int, void> epilogue = null)
    {
        int mr = kernel.MR, nr = kernel.NR;
        // k is cut into equal slices of at most KC (784 = 3·262 rather than 2·384 + 16), so no slice is
        // so thin that the kernels' fixed costs per call dominate it.
        // A prepacked B costs nothing to slice finer or coarser, so it takes deeper slices (fewer
        // passes over C): 784 runs as one slice, measured 3-4% faster at 64×784×256.
        int kcLimit = prepackedB != null ? GemmBlocking.PackedKC : GemmBlocking.KC;
        int slices = (k + kcLimit - 1) / kcLimit;
        int kcBlock = (k + slices - 1) / slices;
        int kcMax = kcBlock;
        int mcMax = Math.Min(GemmBlocking.MC, RoundUp(m, mr));
        int ncMax = Math.Min(GemmBlocking.NC, RoundUp(n, nr));

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
        bool directA = kernel.Direct.Available && aColStep == 1 && GemmBlocking.RowsSpreadOverL1Sets(aRowStep);

        for (int jc = 0; jc < n; jc += GemmBlocking.NC)
        {
            int nc = Math.Min(GemmBlocking.NC, n - jc);
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

                for (int ic = 0; ic < m; ic += GemmBlocking.MC)
                {
                    int mc = Math.Min(GemmBlocking.MC, m - ic);
                    float* aBlock = a + ic * aRowStep + pc * aColStep;
                    if (directA) PackLastSliverIfShort(aBlock, aRowStep, mc, kc, kernel, packedA);
                    else GemmPack.PackA(aBlock, aRowStep, aColStep, mc, kc, kernel, packedA);

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bSliver = bBlock + jr / nr * sliverStride;
                        float* tileBias = sliceBias != null ? sliceBias + jr : zeros;
                        for (int ir = 0, rows, sliver = 0; ir < mc; ir += rows, sliver++)
                        {
                            rows = kernel.TileRows(mc - ir);
                            float* cTile = c + (ic + ir) * ldc + jc + jr;
                            float* aSliver = packedA + (directA ? 0 : (nint)sliver * aSliverFloats);
                            if (rows == mr && cols == nr)
                            {
                                if (directA) kernel.Direct.Full(kc, aBlock + ir * aRowStep, aRowStep, bSliver, cTile, ldc, alpha, sliceBeta, loadC, tileBias);
                                else kernel.Invoke(kc, aSliver, bSliver, cTile, ldc, alpha, sliceBeta, loadC, tileBias);
                            }
                            else
                            {
                                Edge(kernel, rows, cols, kc, directA ? aBlock + ir * aRowStep : null, aRowStep, aSliver, bSliver,
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
    /// A tile that is not a full MR×NR: the cheapest kernel that covers it (<see cref="Kernel.For"/>)
    /// writes C in place when it fits exactly, else into <paramref name="tile"/>, merged into C after.
    /// A is read where it lies (<paramref name="aRows"/> not null) when the kernel is as tall as the
    /// tile, else from the packed <paramref name="aSliver"/>.
    /// </summary>
    private static void Edge(in Kernel kernel, int rows, int cols, int kc, float* aRows, nint lda, float* aSliver, float* bSliver,
        float* tile, float alpha, float beta, bool loadC, float* bias, float* zeros, float* c, nint ldc)
    {
        var (shape, height, width) = kernel.For(rows, cols);
        bool exact = rows == height && cols == width;
        float* to = exact ? c : tile;
        nint toStride = exact ? ldc : kernel.NR;
        float toAlpha = exact ? alpha : 1f, toBeta = exact ? beta : 0f;
        bool toLoad = exact && loadC;
        float* toBias = exact ? bias : zeros;
        if (aRows != null && rows == height) kernel.Direct[shape](kc, aRows, lda, bSliver, to, toStride, toAlpha, toBeta, toLoad, toBias);
        else kernel.Packed(shape)(kc, aSliver, bSliver, to, toStride, toAlpha, toBeta, toLoad, toBias);

        if (!exact) MergeEdge(tile, kernel.NR, rows, cols, alpha, beta, loadC, bias, c, ldc);
    }

    /// <summary>
    /// With A read where it lies, only a last tile shorter than its kernel (m = 65: 5·12 + 5 rows
    /// on the 8-row kernel) needs a packed, zero-padded sliver; it is packed alone at <paramref name="packed"/>.
    /// </summary>
    private static void PackLastSliverIfShort(float* aBlock, nint aRowStep, int mc, int kc, in Kernel kernel, float* packed)
    {
        int ir = 0, rows = kernel.TileRows(mc);
        while (ir + rows < mc)
        {
            ir += rows;
            rows = kernel.TileRows(mc - ir);
        }

        if (rows != kernel.For(rows, kernel.NR).Height) GemmPack.PackA(aBlock + ir * aRowStep, aRowStep, 1, rows, kc, kernel, packed);
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
