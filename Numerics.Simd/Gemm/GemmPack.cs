using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// Packing of GEMM operands into the layouts the microkernels stream (BLIS): B into slivers of
/// NR columns stored row by row (element (p, j) at p·NR + j); A into slivers of MR rows stored in
/// blocks of <see cref="KBlock"/> k steps, each row's KBlock values contiguous (element (i, p) at
/// (p / KBlock)·MR·KBlock + i·KBlock + p mod KBlock). The kernels broadcast A's values from any
/// address alike, and this layout makes packing a row-major A (a batch of inputs) a copy of row
/// pieces rather than BLIS's column-by-column transpose, which is faster (figures in
/// perf/results/gemm-design.md).
/// Partial slivers are zero-padded so the kernels never branch on edges. Operands are addressed
/// through a row step and a column step, which covers both transposes: op(X)(r, s) = x[r·rowStep + s·colStep].
/// </summary>
internal static unsafe class GemmPack
{
    /// <summary>The k steps in one block of a packed A sliver.</summary>
    public const int KBlock = 16;

    /// <summary>Floats in one packed A sliver of <paramref name="mr"/> rows and depth kc (kc rounded up to whole blocks).</summary>
    public static int SliverFloats(int mr, int kc) => mr * ((kc + KBlock - 1) / KBlock * KBlock);

    /// <summary>
    /// Packs the mc×kc block of op(A) at <paramref name="a"/> into slivers of
    /// <see cref="SliverFloats"/> floats, one per tile of <see cref="GemmKernelTable.TileRows"/>
    /// (⌈mc/MR⌉ of them, as with MR-row tiles). A short last sliver is zero-padded only up to the
    /// height of the kernel that will read it (<see cref="GemmKernelTable.For"/>; narrow kernels
    /// are full height): a 4-row edge kernel never reads rows 4 to 11. The unused tail of a last,
    /// partial k block is never read and not written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, nint rowStep, nint colStep, int mc, int kc, in GemmKernelTable kernels, float* packed)
    {
        int mr = kernels.MR;
        int sliverFloats = SliverFloats(mr, kc);
        for (int ir = 0, rows, index = 0; ir < mc; ir += rows, index++)
        {
            rows = kernels.TileRows(mc - ir);
            int height = rows == mr ? mr : kernels.For(rows, kernels.NR).Height;
            float* sliver = packed + (nint)index * sliverFloats;
            float* source = a + ir * rowStep;
            if (colStep == 1)
            {
                // op(A) rows are contiguous (A row-major): each row is read once, front to back,
                // and cut into its blocks (16 floats: one Vector512 move).
                for (int i = 0; i < rows; i++) CopyRowIntoBlocks(source + i * rowStep, kc, mr, sliver + i * KBlock);
            }
            else
            {
                for (int p0 = 0; p0 < kc; p0 += KBlock)
                {
                    float* block = sliver + (nint)(p0 / KBlock) * mr * KBlock;
                    TransposeBlock(source + p0 * colStep, colStep, rows, Math.Min(KBlock, kc - p0), block);
                }
            }

            for (int i = rows; i < height; i++) ZeroRowOfBlocks(kc, mr, sliver + i * KBlock);
        }
    }

    /// <summary>to[(p / KBlock)·mr·KBlock + p mod KBlock] = from[p] for p &lt; kc: one row of A into its place in each block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRowIntoBlocks(float* from, int kc, int mr, float* to)
    {
        nint blockFloats = (nint)mr * KBlock;
        int p = 0;
        for (; p + KBlock <= kc; p += KBlock, to += blockFloats) Copy16(to, from + p);
        if (p < kc) Copy(to, from + p, kc - p);
    }

    /// <summary>Zeroes one padding row of a short sliver in every block (the part the kernels read).</summary>
    private static void ZeroRowOfBlocks(int kc, int mr, float* to)
    {
        for (int p = 0; p < kc; p += KBlock, to += (nint)mr * KBlock) new Span<float>(to, Math.Min(KBlock, kc - p)).Clear();
    }

    /// <summary>Copies 16 floats with the widest vectors of this process's path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy16(float* to, float* from)
    {
        if (Isa.VectorBits >= 512)
        {
            Vector512.Store(Vector512.Load(from), to);
        }
        else if (Isa.VectorBits >= 256)
        {
            Vector256.Store(Vector256.Load(from), to);
            Vector256.Store(Vector256.Load(from + 8), to + 8);
        }
        else
        {
            Copy(to, from, 16);
        }
    }

    /// <summary>
    /// block[i·KBlock + q] = source[q·step + i] for i &lt; rows, q &lt; steps: op(A) stored transposed
    /// (its columns contiguous). 8×8 and 4×4 in-register transposes where they fit, else element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock(float* source, nint step, int rows, int steps, float* block)
    {
        int done = 0;
        if (GemmTranspose.Available && steps == KBlock)
        {
            for (; done + 8 <= rows; done += 8)
            {
                GemmTranspose.Block8x8(source + done, step, block + done * KBlock, KBlock);
                GemmTranspose.Block8x8(source + 8 * step + done, step, block + done * KBlock + 8, KBlock);
            }

            for (; done + 4 <= rows; done += 4)
            {
                for (int q = 0; q < KBlock; q += 4)
                {
                    GemmTranspose.Block4x4(source + q * step + done, step, block + done * KBlock + q, KBlock);
                }
            }
        }

        for (int q = 0; q < steps; q++)
        {
            float* column = source + q * step;
            for (int i = done; i < rows; i++) block[i * KBlock + q] = column[i];
        }
    }

    /// <summary>Packs the kc×nc block of op(B) at <paramref name="b"/> into ⌈nc/nr⌉ slivers of kc·nr floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, nint rowStep, nint colStep, int kc, int nc, int nr, float* packed)
    {
        if (colStep == 1)
        {
            PackRowMajorB(b, rowStep, kc, nc, nr, packed);
            return;
        }

        // B stored transposed (n×k, e.g. weights [outputs × inputs]): each column of op(B) is a
        // contiguous row of B. Transpose 8×8 blocks where possible.
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* sliver = packed + (nint)jr * kc;
            float* source = b + jr * colStep;
            int done = 0;
            if (GemmTranspose.Available)
            {
                for (; done + 8 <= cols; done += 8)
                {
                    int p = 0;
                    for (; p + 8 <= kc; p += 8)
                    {
                        GemmTranspose.Block8x8(source + done * colStep + p * rowStep, colStep, sliver + (nint)p * nr + done, nr);
                    }

                    for (int j = done; j < done + 8; j++)
                    {
                        for (int q = p; q < kc; q++) sliver[(nint)q * nr + j] = source[j * colStep + q * rowStep];
                    }
                }
            }

            for (int j = done; j < cols; j++)
            {
                float* column = source + j * colStep;
                for (int p = 0; p < kc; p++) sliver[(nint)p * nr + j] = column[p * rowStep];
            }

            for (int j = cols; j < nr; j++)
            {
                for (int p = 0; p < kc; p++) sliver[(nint)p * nr + j] = 0;
            }
        }
    }

    /// <summary>
    /// PackB for B's rows contiguous (op(B) = B row-major): row by row, each row's NR-wide pieces
    /// copied into their slivers. B is then read as one sequential stream (it is usually the
    /// operand that comes from L3), and the sliver writes are nc/nr streams into scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRowMajorB(float* b, nint rowStep, int kc, int nc, int nr, float* packed)
    {
        int fullColumns = nc - nc % nr;
        for (int p = 0; p < kc; p++)
        {
            float* row = b + p * rowStep;
            float* to = packed + (nint)p * nr;
            int jr = 0;
            for (; jr < fullColumns; jr += nr) Copy(to + (nint)jr * kc, row + jr, nr);
            if (jr < nc)
            {
                float* edge = to + (nint)jr * kc;
                int cols = nc - jr;
                Copy(edge, row + jr, cols);
                for (int j = cols; j < nr; j++) edge[j] = 0;
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> floats with the vectors of this process's path. Inlined
    /// vector moves, because a call to memmove per NR-float piece (what
    /// <c>Unsafe.CopyBlockUnaligned</c> becomes when the length is not a constant) made packing a
    /// row-major B slow (perf/results/gemm-design.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* to, float* from, int count)
    {
        int i = 0;
        if (Isa.VectorBits >= 512)
        {
            for (; i + 16 <= count; i += 16) Vector512.Store(Vector512.Load(from + i), to + i);
        }

        if (Isa.VectorBits >= 256)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(from + i), to + i);
        }

        if (Isa.VectorBits >= 128)
        {
            for (; i + 4 <= count; i += 4) Vector128.Store(Vector128.Load(from + i), to + i);
        }

        for (; i < count; i++) to[i] = from[i];
    }
}
