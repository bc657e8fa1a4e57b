using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd.Operators;

/// <summary>
/// Row-wise softmax kernels: y = e^(x − max)/Σ e^(x − max) per row, three passes over the row
/// (max, exponentials and their sum stored into y, division). Rows that fit one 512-bit vector
/// (cols ≤ 16) are done in registers with one masked load and one masked store, because for short
/// rows the per-row overhead (not the arithmetic) is the cost. The division is a true division, not
/// a multiply by the reciprocal, to spare one rounding.
/// </summary>
/// <remarks>
/// The masked 512-bit paths are that width's own; the other widths share one body written over
/// <see cref="IVectorWidth{TVector}"/>, finishing each row's last cols mod width one at a time.
/// Special rows, as they fall out of the formula: any NaN gives a row of NaN; a row containing
/// +∞ gives a row of NaN (∞ − ∞); a row of only −∞ gives a row of NaN (like PyTorch); −∞ entries in
/// a row with a finite maximum give exactly 0.
/// </remarks>
internal static unsafe class SoftmaxKernel
{
    public static void Run(float* px, float* py, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        switch (Isa.VectorBits)
        {
            case 512:
                if (cols <= 16) RowsSingleVector512(px, py, rows, cols);
                else RowsMasked512(px, py, rows, cols);
                return;
            case 256:
                Rows<Width256, Vector256<float>>(px, py, rows, cols);
                return;
            case 128:
                Rows<Width128, Vector128<float>>(px, py, rows, cols);
                return;
            default:
                RowsScalar(px, py, rows, cols);
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsSingleVector512(float* px, float* py, int rows, int cols)
    {
        var mask = TailMask.First512((nuint)cols);
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);

        // The next row is loaded before this row is stored: in place, a load issued after an
        // overlapping masked store would wait for that store to retire.
        var x = Avx512F.MaskLoad(px, mask, negativeInfinity);
        for (int row = 0; row < rows; row++)
        {
            var max = Vector512.Create(ReduceMax(Width512.MaxHalves(x)));

            // Lanes past the row get exp(0) and are then zeroed, so they never reach the slow
            // wide-range branch of exp.
            var e = Exp(Vector512.ConditionalSelect(mask, x - max, Vector512<float>.Zero)) & mask;
            var sum = Vector512.Create(ReduceSum(Width512.SumHalves(e)));
            px += cols;
            if (row + 1 < rows) x = Avx512F.MaskLoad(px, mask, negativeInfinity);
            Avx512F.MaskStore(py, mask, e / sum);
            py += cols;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsMasked512(float* px, float* py, int rows, int cols)
    {
        nuint n = (nuint)cols;
        nuint full = n & ~(nuint)15;
        var mask = TailMask.First512(n - full);
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            var maxVector = Avx512F.MaskLoad(px + full, mask, negativeInfinity);
            for (nuint i = 0; i < full; i += 16) maxVector = Vector512.MaxNative(maxVector, Vector512.Load(px + i));
            var max = Vector512.Create(ReduceMax(Width512.MaxHalves(maxVector)));

            var sumVector = Vector512<float>.Zero;
            for (nuint i = 0; i < full; i += 16)
            {
                var e = Exp(Vector512.Load(px + i) - max);
                e.Store(py + i);
                sumVector += e;
            }

            var tail = Avx512F.MaskLoad(px + full, mask, Vector512<float>.Zero);
            var tailExp = Exp(Vector512.ConditionalSelect(mask, tail - max, Vector512<float>.Zero)) & mask;
            Avx512F.MaskStore(py + full, mask, tailExp);
            sumVector += tailExp;

            var sum = Vector512.Create(ReduceSum(Width512.SumHalves(sumVector)));
            for (nuint i = 0; i < full; i += 16) (Vector512.Load(py + i) / sum).Store(py + i);
            Avx512F.MaskStore(py + full, mask, Avx512F.MaskLoad(py + full, mask, Vector512<float>.One) / sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x) => ExpKernel.Exp<Width512, Vector512<float>>(x);

    /// <summary>The vector paths without masks: whole vectors, then the last cols mod width one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TWidth, TVector>(float* px, float* py, int rows, int cols)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint n = (nuint)cols;
        nuint width = (nuint)TWidth.Count;
        nuint full = n - n % width;
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            var maxVector = TWidth.Create(float.NegativeInfinity);
            for (nuint i = 0; i < full; i += width) maxVector = TWidth.MaxNative(maxVector, TWidth.Load(px + i));
            float max = MaxOfElements(px, full, n, ReduceMax(TWidth.MaxHalves(maxVector)));

            var maxBroadcast = TWidth.Create(max);
            var sumVector = TWidth.Zero;
            for (nuint i = 0; i < full; i += width)
            {
                var e = ExpKernel.Exp<TWidth, TVector>(TWidth.Subtract(TWidth.Load(px + i), maxBroadcast));
                TWidth.Store(e, py + i);
                sumVector = TWidth.Add(sumVector, e);
            }

            float sum = ExpOfElements(px, py, full, n, max, ReduceSum(TWidth.SumHalves(sumVector)));
            var sumBroadcast = TWidth.Create(sum);
            for (nuint i = 0; i < full; i += width) TWidth.Store(TWidth.Divide(TWidth.Load(py + i), sumBroadcast), py + i);
            DivideElements(py, full, n, sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsScalar(float* px, float* py, int rows, int cols)
    {
        nuint n = (nuint)cols;
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            float max = MaxOfElements(px, 0, n, float.NegativeInfinity);
            float sum = ExpOfElements(px, py, 0, n, max, 0f);
            DivideElements(py, 0, n, sum);
        }
    }

    /// <summary>max folded with x[start..n) in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxOfElements(float* x, nuint start, nuint n, float max)
    {
        for (nuint i = start; i < n; i++) max = MathF.Max(max, x[i]);
        return max;
    }

    /// <summary>y[i] = e^(x[i] − max) for i in [start, n); returns sum plus those, added in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ExpOfElements(float* x, float* y, nuint start, nuint n, float max, float sum)
    {
        for (nuint i = start; i < n; i++)
        {
            float e = ExpKernel.Exp(x[i] - max);
            y[i] = e;
            sum += e;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DivideElements(float* y, nuint start, nuint n, float sum)
    {
        for (nuint i = start; i < n; i++) y[i] /= sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ReduceMax(Vector128<float> v)
    {
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
        return v.ToScalar();
    }

    // Sums by halving (a fixed tree, so results are deterministic); Vector512.Sum reduces each
    // 128-bit lane separately and is slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ReduceSum(Vector128<float> v)
    {
        v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        v += Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
        return v.ToScalar();
    }
}
