using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The vector int8 product on the packed layout (<see cref="Int8PackedWeights"/>), written once,
/// generic over the width (the float operations of the epilogue), the dot-4 instruction and the
/// output. One vector of a panel holds, for NR outputs, 4 consecutive inputs; one broadcast of 4
/// activation codes times it adds 4 products to each output's int32 lane. Integer sums are exact,
/// so every path, blocking and order gives the same ints as the scalar kernel.
/// </summary>
/// <remarks>
/// Batches of four rows or more: a tile of 4 rows × 2 panels per pass (8 accumulators), so each
/// weight vector loaded serves 4 rows and each broadcast of 4 codes 2 panels; panels are the outer
/// loop, so a pair of panels (2·NR·inputs bytes, 12.5 KB for 784 inputs at 256 bits) stays in L1
/// while every row block passes over it. Single rows (batch 1, the latency case, and the rows
/// left over from the blocks of 4): one row × 8 panels per pass (8 independent accumulators, for
/// VPDPBUSD's 5-cycle latency), then 4, 2, 1 for the rest. A last group of fewer than 4 inputs is
/// copied into a zero-padded buffer, so that nothing past the end of a row of a is read.
/// </remarks>
internal static unsafe class Int8Kernels
{
    private const int RowBlock = PanelWalk.RowBlock;

    /// <summary>output.Store(i, j, Σ_p a[i·lda + p]·W[j, p]) for i &lt; rows, j &lt; w.Outputs; w is packed with NR = TWidth.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Run<TWidth, TDot, TOutput, TVector>(int rows, byte* a, nint lda, Int8PackedWeights w, TOutput output)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TOutput : struct, IInt8Output
        where TVector : unmanaged
    {
        int* lanes = stackalloc int[8 * 16]; // the sums of a pass, stored before any output is
        byte* tail = stackalloc byte[4 * RowBlock];
        var pass = new Pass<TWidth, TDot, TOutput, TVector>(a, lda, w, output, tail, lanes);
        PanelWalk.Run(ref pass, rows, w.PaddedOutputs / TWidth.Count);
    }

    /// <summary>One product's arguments, and its two passes for <see cref="PanelWalk"/>.</summary>
    private struct Pass<TWidth, TDot, TOutput, TVector>(byte* a, nint lda, Int8PackedWeights w, TOutput output, byte* tail, int* lanes)
        : IPanelKernels
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TOutput : struct, IInt8Output
        where TVector : unmanaged
    {
        private TOutput output = output;

        public static int WidestRow => 8;

        public void Tile<TPanels>(int row, int panel)
            where TPanels : IPanelCount =>
            Tile<TWidth, TDot, TOutput, TVector, TPanels>(a + row * lda, lda, row, w, panel, ref output, tail, lanes);

        public void Row<TPanels>(int row, int panel)
            where TPanels : IPanelCount =>
            Row<TWidth, TDot, TOutput, TVector, TPanels>(a + row * lda, row, w, panel, ref output, tail, lanes);
    }

    /// <summary>One row of a times TPanels panels from <paramref name="panel"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TWidth, TDot, TOutput, TVector, TPanels>(byte* row, int rowIndex, Int8PackedWeights w, int panel,
        ref TOutput output, byte* tail, int* lanes)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TOutput : struct, IInt8Output
        where TVector : unmanaged
        where TPanels : IPanelCount
    {
        nint vectorBytes = TWidth.Count * 4, stride = vectorBytes * (w.PaddedInputs / 4);
        sbyte* weights = w.Data + panel * stride;
        int inputs = w.Inputs, full = inputs / 4, groups = (inputs + 3) / 4;
        // The short last group is copied first, before any accumulator is live: across a call
        // (or with one inside the loops) the JIT keeps them in memory. The second phase runs it.
        if (groups > full) CopyTail(row, inputs, tail);
        TVector c0 = TWidth.Zero, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        byte* codes = row;
        sbyte* wg = weights;
        int g = 0, end = full;
        for (int phase = 0; phase < 2; phase++)
        {
            for (; g < end; g++, codes += 4, wg += vectorBytes)
            {
                TVector b = TWidth.CreateBits(Unsafe.ReadUnaligned<uint>(codes));
                c0 = TDot.Accumulate(c0, b, TWidth.Load((float*)wg));
                if (TPanels.Count > 1) c1 = TDot.Accumulate(c1, b, TWidth.Load((float*)(wg + stride)));
                if (TPanels.Count > 2)
                {
                    c2 = TDot.Accumulate(c2, b, TWidth.Load((float*)(wg + 2 * stride)));
                    c3 = TDot.Accumulate(c3, b, TWidth.Load((float*)(wg + 3 * stride)));
                }

                if (TPanels.Count > 4)
                {
                    c4 = TDot.Accumulate(c4, b, TWidth.Load((float*)(wg + 4 * stride)));
                    c5 = TDot.Accumulate(c5, b, TWidth.Load((float*)(wg + 5 * stride)));
                    c6 = TDot.Accumulate(c6, b, TWidth.Load((float*)(wg + 6 * stride)));
                    c7 = TDot.Accumulate(c7, b, TWidth.Load((float*)(wg + 7 * stride)));
                }
            }

            codes = tail;
            end = groups;
        }

        // Every sum goes to memory before the first output: the outputs may call out (a short
        // panel's scalar stores), and an accumulator live across a call is kept in memory by the
        // JIT all through the loop above.
        int column = panel * TWidth.Count, outputs = w.Outputs, count = TWidth.Count;
        // Panels past TPanels store zeros that no output reads: fewer branches, same results.
        PanelWalk.StoreFour<TWidth, TVector>((float*)lanes, count, c0, c1, c2, c3);
        if (TPanels.Count > 4) PanelWalk.StoreFour<TWidth, TVector>((float*)(lanes + 4 * count), count, c4, c5, c6, c7);

        for (int q = 0; q < TPanels.Count; q++)
        {
            Store<TWidth, TDot, TOutput, TVector>(ref output, rowIndex, column + q * count, outputs, lanes + q * count);
        }
    }

    /// <summary>Rows rowIndex … rowIndex + 3 of a (from <paramref name="a"/>) times TPanels (1 or 2) panels from <paramref name="panel"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TWidth, TDot, TOutput, TVector, TPanels>(byte* a, nint lda, int rowIndex, Int8PackedWeights w, int panel,
        ref TOutput output, byte* tail, int* lanes)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TOutput : struct, IInt8Output
        where TVector : unmanaged
        where TPanels : IPanelCount
    {
        nint vectorBytes = TWidth.Count * 4, stride = vectorBytes * (w.PaddedInputs / 4);
        sbyte* weights = w.Data + panel * stride;
        int inputs = w.Inputs, full = inputs / 4, groups = (inputs + 3) / 4;
        if (groups > full)
        {
            for (int r = 0; r < RowBlock; r++) CopyTail(a + r * lda, inputs, tail + 4 * r);
        }

        TVector c00 = TWidth.Zero, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        // The four rows at codes, codes + step, …: rows of a, then the tail copies 4 bytes apart.
        byte* codes = a;
        nint step = lda;
        sbyte* wg = weights;
        int g = 0, end = full;
        for (int phase = 0; phase < 2; phase++)
        {
            for (; g < end; g++, codes += 4, wg += vectorBytes)
            {
                TVector w0 = TWidth.Load((float*)wg), w1 = TPanels.Count > 1 ? TWidth.Load((float*)(wg + stride)) : w0;
                TVector b = TWidth.CreateBits(Unsafe.ReadUnaligned<uint>(codes));
                c00 = TDot.Accumulate(c00, b, w0);
                if (TPanels.Count > 1) c01 = TDot.Accumulate(c01, b, w1);
                b = TWidth.CreateBits(Unsafe.ReadUnaligned<uint>(codes + step));
                c10 = TDot.Accumulate(c10, b, w0);
                if (TPanels.Count > 1) c11 = TDot.Accumulate(c11, b, w1);
                b = TWidth.CreateBits(Unsafe.ReadUnaligned<uint>(codes + 2 * step));
                c20 = TDot.Accumulate(c20, b, w0);
                if (TPanels.Count > 1) c21 = TDot.Accumulate(c21, b, w1);
                b = TWidth.CreateBits(Unsafe.ReadUnaligned<uint>(codes + 3 * step));
                c30 = TDot.Accumulate(c30, b, w0);
                if (TPanels.Count > 1) c31 = TDot.Accumulate(c31, b, w1);
            }

            codes = tail;
            step = 4;
            end = groups;
        }

        // Every sum goes to memory before the first output (see Row).
        int column = panel * TWidth.Count, outputs = w.Outputs, count = TWidth.Count;
        PanelWalk.StoreFour<TWidth, TVector>((float*)lanes, count, c00, c10, c20, c30);
        if (TPanels.Count > 1) PanelWalk.StoreFour<TWidth, TVector>((float*)(lanes + 4 * count), count, c01, c11, c21, c31);

        for (int q = 0; q < TPanels.Count; q++)
        {
            for (int r = 0; r < RowBlock; r++)
            {
                Store<TWidth, TDot, TOutput, TVector>(ref output, rowIndex + r, column + q * count, outputs, lanes + (4 * q + r) * count);
            }
        }
    }

    /// <summary>The last inputs % 4 codes of a row, zero-padded to 4 bytes at <paramref name="tail"/>.</summary>
    private static void CopyTail(byte* row, int inputs, byte* tail)
    {
        int start = inputs / 4 * 4;
        *(uint*)tail = 0;
        for (int p = start; p < inputs; p++) tail[p - start] = row[p];
    }

    /// <summary>A panel's sums, at <paramref name="sums"/>, to outputs column …: whole when the panel is, lane by lane for a short last panel, not at all past the outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TWidth, TDot, TOutput, TVector>(ref TOutput output, int row, int column, int outputs, int* sums)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TOutput : struct, IInt8Output
        where TVector : unmanaged
    {
        if (column + TWidth.Count <= outputs)
        {
            output.Store<TWidth, TDot, TVector>(row, column, TWidth.Load((float*)sums));
        }
        else if (column < outputs)
        {
            for (int q = 0; column + q < outputs; q++) output.Store(row, column + q, sums[q]);
        }
    }
}
