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
                RowsVector256(px, py, rows, cols);
                return;
            case 128:
                RowsVector128(px, py, rows, cols);
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
            var max = Vector512.Create(ReduceMax(x));

            // Lanes past the row get exp(0) and are then zeroed, so they never reach the slow
            // wide-range branch of exp.
            var e = ExpKernel.Exp(Vector512.ConditionalSelect(mask, x - max, Vector512<float>.Zero)) & mask;
            var sum = Vector512.Create(ReduceSum(e));
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
            var max = Vector512.Create(ReduceMax(maxVector));

            var sumVector = Vector512<float>.Zero;
            for (nuint i = 0; i < full; i += 16)
            {
                var e = ExpKernel.Exp(Vector512.Load(px + i) - max);
                e.Store(py + i);
                sumVector += e;
            }

            var tail = Avx512F.MaskLoad(px + full, mask, Vector512<float>.Zero);
            var tailExp = ExpKernel.Exp(Vector512.ConditionalSelect(mask, tail - max, Vector512<float>.Zero)) & mask;
            Avx512F.MaskStore(py + full, mask, tailExp);
            sumVector += tailExp;

            var sum = Vector512.Create(ReduceSum(sumVector));
            for (nuint i = 0; i < full; i += 16) (Vector512.Load(py + i) / sum).Store(py + i);
            Avx512F.MaskStore(py + full, mask, Avx512F.MaskLoad(py + full, mask, Vector512<float>.One) / sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsVector256(float* px, float* py, int rows, int cols)
    {
        nuint n = (nuint)cols;
        nuint full = n & ~(nuint)7;
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            var maxVector = Vector256.Create(float.NegativeInfinity);
            nuint i = 0;
            for (; i < full; i += 8) maxVector = Vector256.MaxNative(maxVector, Vector256.Load(px + i));
            float max = ReduceMax(maxVector);
            for (; i < n; i++) max = MathF.Max(max, px[i]);

            var maxBroadcast = Vector256.Create(max);
            var sumVector = Vector256<float>.Zero;
            for (i = 0; i < full; i += 8)
            {
                var e = ExpKernel.Exp(Vector256.Load(px + i) - maxBroadcast);
                e.Store(py + i);
                sumVector += e;
            }

            float sum = ReduceSum(sumVector);
            for (; i < n; i++)
            {
                float e = ExpKernel.Exp(px[i] - max);
                py[i] = e;
                sum += e;
            }

            var sumBroadcast = Vector256.Create(sum);
            for (i = 0; i < full; i += 8) (Vector256.Load(py + i) / sumBroadcast).Store(py + i);
            for (; i < n; i++) py[i] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsVector128(float* px, float* py, int rows, int cols)
    {
        nuint n = (nuint)cols;
        nuint full = n & ~(nuint)3;
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            var maxVector = Vector128.Create(float.NegativeInfinity);
            nuint i = 0;
            for (; i < full; i += 4) maxVector = Vector128.MaxNative(maxVector, Vector128.Load(px + i));
            float max = ReduceMax(maxVector);
            for (; i < n; i++) max = MathF.Max(max, px[i]);

            var maxBroadcast = Vector128.Create(max);
            var sumVector = Vector128<float>.Zero;
            for (i = 0; i < full; i += 4)
            {
                var e = ExpKernel.Exp(Vector128.Load(px + i) - maxBroadcast);
                e.Store(py + i);
                sumVector += e;
            }

            float sum = ReduceSum(sumVector);
            for (; i < n; i++)
            {
                float e = ExpKernel.Exp(px[i] - max);
                py[i] = e;
                sum += e;
            }

            var sumBroadcast = Vector128.Create(sum);
            for (i = 0; i < full; i += 4) (Vector128.Load(py + i) / sumBroadcast).Store(py + i);
            for (; i < n; i++) py[i] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsScalar(float* px, float* py, int rows, int cols)
    {
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            float max = float.NegativeInfinity;
            for (int i = 0; i < cols; i++) max = MathF.Max(max, px[i]);
            float sum = 0;
            for (int i = 0; i < cols; i++)
            {
                float e = ExpKernel.Exp(px[i] - max);
                py[i] = e;
                sum += e;
            }

            for (int i = 0; i < cols; i++) py[i] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceMax(Vector128<float> v)
    {
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        v = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
        return v.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceMax(Vector256<float> v) => ReduceMax(Vector128.MaxNative(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceMax(Vector512<float> v) => ReduceMax(Vector256.MaxNative(v.GetLower(), v.GetUpper()));

    // Sums by halving (a fixed tree, so results are deterministic); Vector512.Sum reduces each
    // 128-bit lane separately and is slower.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceSum(Vector128<float> v)
    {
        v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        v += Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
        return v.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceSum(Vector256<float> v) => ReduceSum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ReduceSum(Vector512<float> v) => ReduceSum(v.GetLower() + v.GetUpper());
}
