using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The vector bfloat16 product on the packed layout (<see cref="BFloat16PackedWeights"/>), written
/// once, generic over the width. One vector of a panel holds, for NR outputs, the weights of inputs
/// k and k+1; a left shift by 16 widens the first and an and-mask the second to exact float32, so
/// the weights are read at half the bytes of float32 and cost one integer instruction each to
/// widen. Sums are float32 FMA chains; the walk is <see cref="PanelWalk"/>'s: tiles of 4 rows ×
/// 2 panels (8 accumulators, each weight vector widened once for 4 rows), single rows 4, 2, 1
/// panels at a time, with separate chains for even and odd inputs (8 accumulators for the FMA
/// latency). An odd last input is copied beside a zero, so that nothing past a row of a is read.
/// </summary>
internal static unsafe class BFloat16Kernels
{
    private const int RowBlock = PanelWalk.RowBlock;

    /// <summary>c[i·ldc + j] = f(Σ_p a[i·lda + p]·W[j, p] + bias[j]); w is packed with NR = TWidth.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public static void Run<TWidth, TVector>(int rows, float* a, nint lda, BFloat16PackedWeights w, float* bias, bool relu, float* c, nint ldc)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        float* lanes = stackalloc float[8 * 16]; // the sums of a pass, stored before any output is
        float* tail = stackalloc float[2 * RowBlock];
        var pass = new Pass<TWidth, TVector>(a, lda, w, bias, relu, c, ldc, tail, lanes);
        PanelWalk.Run(ref pass, rows, w.PaddedOutputs / TWidth.Count);
    }

    /// <summary>One product's arguments, and its two passes for <see cref="PanelWalk"/>.</summary>
    private readonly struct Pass<TWidth, TVector>(float* a, nint lda, BFloat16PackedWeights w, float* bias, bool relu, float* c, nint ldc,
        float* tail, float* lanes) : IPanelKernels
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        private readonly Epilogue<TWidth, TVector> epilogue = new(bias, relu, w.Outputs);

        public static int WidestRow => 4;

        public void Tile<TPanels>(int row, int panel)
            where TPanels : IPanelCount =>
            Tile<TWidth, TVector, TPanels>(a + row * lda, lda, w, panel, c + row * ldc, ldc, tail, lanes, epilogue);

        public void Row<TPanels>(int row, int panel)
            where TPanels : IPanelCount =>
            Row<TWidth, TVector, TPanels>(a + row * lda, w, panel, c + row * ldc, tail, lanes, epilogue);
    }

    /// <summary>One row of a times TPanels (1, 2 or 4) panels from <paramref name="panel"/> on, into the row <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TWidth, TVector, TPanels>(float* row, BFloat16PackedWeights w, int panel, float* c, float* tail,
        float* lanes, Epilogue<TWidth, TVector> epilogue)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
        where TPanels : IPanelCount
    {
        uint* weights = Layout(w, panel, TWidth.Count, out nint stride, out int full, out int pairs);
        int inputs = w.Inputs;
        TVector mask = TWidth.CreateBits(0xFFFF0000u);
        // The odd last input is copied first, before any accumulator is live: across a call (or
        // with one inside the loops) the JIT keeps them in memory. The second phase runs it.
        if (pairs > full) CopyTail(row, inputs, tail);
        TVector even0 = TWidth.Zero, even1 = even0, even2 = even0, even3 = even0, odd0 = even0, odd1 = even0, odd2 = even0, odd3 = even0;
        float* x = row;
        uint* wg = weights;
        int g = 0, end = full;
        for (int phase = 0; phase < 2; phase++)
        {
            for (; g < end; g++, x += 2, wg += TWidth.Count)
            {
                TVector first = TWidth.Create(x[0]), second = TWidth.Create(x[1]);
                TVector lane = TWidth.Load((float*)wg);
                even0 = TWidth.FusedMultiplyAdd(first, TWidth.ShiftLeftBits(lane, 16), even0);
                odd0 = TWidth.FusedMultiplyAdd(second, TWidth.And(lane, mask), odd0);
                if (TPanels.Count > 1)
                {
                    lane = TWidth.Load((float*)(wg + stride));
                    even1 = TWidth.FusedMultiplyAdd(first, TWidth.ShiftLeftBits(lane, 16), even1);
                    odd1 = TWidth.FusedMultiplyAdd(second, TWidth.And(lane, mask), odd1);
                }

                if (TPanels.Count > 2)
                {
                    lane = TWidth.Load((float*)(wg + 2 * stride));
                    even2 = TWidth.FusedMultiplyAdd(first, TWidth.ShiftLeftBits(lane, 16), even2);
                    odd2 = TWidth.FusedMultiplyAdd(second, TWidth.And(lane, mask), odd2);
                    lane = TWidth.Load((float*)(wg + 3 * stride));
                    even3 = TWidth.FusedMultiplyAdd(first, TWidth.ShiftLeftBits(lane, 16), even3);
                    odd3 = TWidth.FusedMultiplyAdd(second, TWidth.And(lane, mask), odd3);
                }
            }

            x = tail;
            end = pairs;
        }

        // Every sum goes to memory before the first output: a short panel's scalar stores may call
        // out, and an accumulator live across a call is kept in memory by the JIT all through the loop.
        int column = panel * TWidth.Count, count = TWidth.Count;
        PanelWalk.StoreFour<TWidth, TVector>(lanes, count, TWidth.Add(even0, odd0), TWidth.Add(even1, odd1), TWidth.Add(even2, odd2), TWidth.Add(even3, odd3));
        for (int q = 0; q < TPanels.Count; q++) epilogue.Store(lanes + q * count, c, column + q * count);
    }

    /// <summary>4 rows of a from <paramref name="a"/> times TPanels (1 or 2) panels from <paramref name="panel"/> on, into 4 rows of c from <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TWidth, TVector, TPanels>(float* a, nint lda, BFloat16PackedWeights w, int panel, float* c, nint ldc,
        float* tail, float* lanes, Epilogue<TWidth, TVector> epilogue)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
        where TPanels : IPanelCount
    {
        uint* weights = Layout(w, panel, TWidth.Count, out nint stride, out int full, out int pairs);
        int inputs = w.Inputs;
        TVector mask = TWidth.CreateBits(0xFFFF0000u);
        if (pairs > full)
        {
            for (int r = 0; r < RowBlock; r++) CopyTail(a + r * lda, inputs, tail + 2 * r);
        }

        TVector c00 = TWidth.Zero, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        // The four rows at x, x + step, …: rows of a, then the tail copies 2 floats apart.
        float* x = a;
        nint step = lda;
        uint* wg = weights;
        int g = 0, end = full;
        for (int phase = 0; phase < 2; phase++)
        {
            for (; g < end; g++, x += 2, wg += TWidth.Count)
            {
                TVector lane0 = TWidth.Load((float*)wg), lane1 = TPanels.Count > 1 ? TWidth.Load((float*)(wg + stride)) : lane0;
                TVector even0 = TWidth.ShiftLeftBits(lane0, 16), odd0 = TWidth.And(lane0, mask);
                TVector even1 = TWidth.ShiftLeftBits(lane1, 16), odd1 = TWidth.And(lane1, mask);
                Step<TWidth, TVector, TPanels>(x, even0, odd0, even1, odd1, ref c00, ref c01);
                Step<TWidth, TVector, TPanels>(x + step, even0, odd0, even1, odd1, ref c10, ref c11);
                Step<TWidth, TVector, TPanels>(x + 2 * step, even0, odd0, even1, odd1, ref c20, ref c21);
                Step<TWidth, TVector, TPanels>(x + 3 * step, even0, odd0, even1, odd1, ref c30, ref c31);
            }

            x = tail;
            step = 2;
            end = pairs;
        }

        // Every sum goes to memory before the first output (see Row).
        int column = panel * TWidth.Count, count = TWidth.Count;
        PanelWalk.StoreFour<TWidth, TVector>(lanes, count, c00, c10, c20, c30);
        if (TPanels.Count > 1) PanelWalk.StoreFour<TWidth, TVector>(lanes + 4 * count, count, c01, c11, c21, c31);
        for (int q = 0; q < TPanels.Count; q++)
        {
            for (int r = 0; r < RowBlock; r++) epilogue.Store(lanes + (4 * q + r) * count, c + r * ldc, column + q * count);
        }
    }

    /// <summary>One row's pair of inputs x[0], x[1] into its sums of one or two panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TWidth, TVector, TPanels>(float* x, TVector even0, TVector odd0, TVector even1, TVector odd1, ref TVector sums0, ref TVector sums1)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
        where TPanels : IPanelCount
    {
        TVector first = TWidth.Create(x[0]), second = TWidth.Create(x[1]);
        sums0 = TWidth.FusedMultiplyAdd(second, odd0, TWidth.FusedMultiplyAdd(first, even0, sums0));
        if (TPanels.Count > 1) sums1 = TWidth.FusedMultiplyAdd(second, odd1, TWidth.FusedMultiplyAdd(first, even1, sums1));
    }

    /// <summary>Where panel <paramref name="panel"/> starts; the lanes from one panel to the next, the whole input pairs and all pairs.</summary>
    private static uint* Layout(BFloat16PackedWeights w, int panel, int count, out nint stride, out int full, out int pairs)
    {
        stride = (nint)count * w.InputPairs;
        full = w.Inputs / 2;
        pairs = w.InputPairs;
        return w.Data + panel * stride;
    }

    /// <summary>The last input of a row of odd length and a zero, at <paramref name="tail"/>.</summary>
    private static void CopyTail(float* row, int inputs, float* tail)
    {
        tail[0] = row[inputs - 1];
        tail[1] = 0;
    }

    /// <summary>c[column + q] = f(sums[q] + bias[column + q]) for the outputs a panel holds (none past the outputs); the scalar kernel's rounding.</summary>
    private readonly struct Epilogue<TWidth, TVector>(float* bias, bool relu, int outputs)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(float* sums, float* c, int column)
        {
            if (column + TWidth.Count <= outputs)
            {
                TVector value = TWidth.Add(TWidth.Load(sums), TWidth.Load(bias + column));
                TWidth.Store(relu ? TWidth.MaxWithZero(value) : value, c + column);
            }
            else if (column < outputs)
            {
                for (int q = 0; column + q < outputs; q++)
                {
                    float value = sums[q] + bias[column + q];
                    c[column + q] = relu ? ReluOperator.Invoke(value) : value;
                }
            }
        }
    }
}
