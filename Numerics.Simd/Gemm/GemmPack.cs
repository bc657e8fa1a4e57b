using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// Packing of GEMM operands into the layouts the microkernels stream (BLIS): A into slivers of
/// MR rows stored column by column (element (i, p) of a sliver at p·MR + i), B into slivers of
/// NR columns stored row by row (element (p, j) at p·NR + j). Partial slivers are zero-padded so
/// the kernels never branch on edges. Operands are addressed through a row step and a column
/// step, which covers both transposes: op(X)(r, s) = x[r·rowStep + s·colStep].
/// </summary>
internal static unsafe class GemmPack
{
    /// <summary>
    /// Packs the mc×kc block of op(A) at <paramref name="a"/> into slivers of kc·MR floats, one per
    /// tile of <see cref="GemmDriver.Kernel.TileRows"/> (⌈mc/MR⌉ of them, as with MR-row tiles).
    /// A short last sliver is zero-padded only up to the height of the kernel that will read it
    /// (<see cref="GemmDriver.Kernel.For"/>; narrow kernels are full height): a 4-row edge kernel never reads rows 4 to 11.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, nint rowStep, nint colStep, int mc, int kc, in GemmDriver.Kernel kernel, float* packed)
    {
        int mr = kernel.MR;
        for (int ir = 0, rows, index = 0; ir < mc; ir += rows, index++)
        {
            rows = kernel.TileRows(mc - ir);
            int height = rows == mr ? mr : kernel.For(rows, kernel.NR).Height;
            float* sliver = packed + (nint)index * mr * kc;
            float* source = a + ir * rowStep;
            if (rowStep == 1)
            {
                // op(A) column p is contiguous (A stored transposed): one block copy per k step.
                for (int p = 0; p < kc; p++)
                {
                    float* to = sliver + (nint)p * mr;
                    Copy(to, source + p * colStep, rows);
                    for (int i = rows; i < height; i++) to[i] = 0;
                }
            }
            else
            {
                // op(A) rows are contiguous: transpose 8×8 blocks where possible, then read each
                // remaining row once and scatter with stride mr (the sliver stays in L1).
                int done = 0;
                if (GemmTranspose.Available)
                {
                    for (; done + 8 <= rows; done += 8)
                    {
                        int p = 0;
                        for (; p + 8 <= kc; p += 8)
                        {
                            GemmTranspose.Block8x8(source + done * rowStep + p, rowStep, sliver + (nint)p * mr + done, mr);
                        }

                        for (int i = done; i < done + 8; i++)
                        {
                            for (int q = p; q < kc; q++) sliver[(nint)q * mr + i] = source[i * rowStep + q];
                        }
                    }

                    // Rows 8 to 11 of a 12-row sliver: scattered one by one they cost as much as the first eight.
                    for (; done + 4 <= rows; done += 4)
                    {
                        int p = 0;
                        for (; p + 4 <= kc; p += 4)
                        {
                            GemmTranspose.Block4x4(source + done * rowStep + p, rowStep, sliver + (nint)p * mr + done, mr);
                        }

                        for (int i = done; i < done + 4; i++)
                        {
                            for (int q = p; q < kc; q++) sliver[(nint)q * mr + i] = source[i * rowStep + q];
                        }
                    }
                }

                for (int i = done; i < rows; i++)
                {
                    float* row = source + i * rowStep;
                    for (int p = 0; p < kc; p++) sliver[(nint)p * mr + i] = row[p * colStep];
                }

                for (int i = rows; i < height; i++)
                {
                    for (int p = 0; p < kc; p++) sliver[(nint)p * mr + i] = 0;
                }
            }
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
    /// vector moves: a call to memmove per NR-float piece (what <c>Unsafe.CopyBlockUnaligned</c>
    /// becomes when the length is not a constant) made packing a row-major B cost 25 GB/s from L2.
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
