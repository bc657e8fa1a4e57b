using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// Row-wise log-softmax and its backward pass, one body generic over the vector width (whole vectors, then
/// the last cols mod width one at a time) and a scalar path.
/// Forward: y = (x − m) − log Σ e^(x − m) with m the row maximum, so nothing overflows and an entry far
/// below the maximum gives its large negative value instead of log(0); three passes (max, sum of
/// exponentials, subtraction); the logarithm is taken once per row, in double.
/// Backward: dx = dy − e^y·Σ dy per row (e^y is softmax(x)), two passes; dx may be dy or y.
/// </summary>
/// <remarks>
/// Special rows, as they fall out of the formula (as for <see cref="SoftmaxKernel"/>): any NaN gives a row
/// of NaN; a row containing +∞ gives a row of NaN; a row of only −∞ gives a row of NaN; −∞ entries next
/// to a finite maximum give exactly −∞.
/// </remarks>
internal static unsafe class LogSoftmaxKernel
{
    public static void Run(float* px, float* py, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        switch (Isa.VectorBits)
        {
            case 512: Rows<Width512, Vector512<float>>(px, py, rows, cols); return;
            case 256: Rows<Width256, Vector256<float>>(px, py, rows, cols); return;
            case 128: Rows<Width128, Vector128<float>>(px, py, rows, cols); return;
            default: RowsScalar(px, py, rows, cols); return;
        }
    }

    public static void RunGrad(float* py, float* pdy, float* pdx, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        switch (Isa.VectorBits)
        {
            case 512: GradRows<Width512, Vector512<float>>(py, pdy, pdx, rows, cols); return;
            case 256: GradRows<Width256, Vector256<float>>(py, pdy, pdx, rows, cols); return;
            case 128: GradRows<Width128, Vector128<float>>(py, pdy, pdx, rows, cols); return;
            default: GradRowsScalar(py, pdy, pdx, rows, cols); return;
        }
    }

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
            float max = MaxOfElements(px, full, n, SoftmaxKernel.ReduceMax(TWidth.MaxHalves(maxVector)));

            var maxBroadcast = TWidth.Create(max);
            var sumVector = TWidth.Zero;
            for (nuint i = 0; i < full; i += width)
            {
                sumVector = TWidth.Add(sumVector, ExpKernel.Exp<TWidth, TVector>(TWidth.Subtract(TWidth.Load(px + i), maxBroadcast)));
            }

            float log = LogOfSum(px, full, n, max, SoftmaxKernel.ReduceSum(TWidth.SumHalves(sumVector)));
            var logBroadcast = TWidth.Create(log);
            for (nuint i = 0; i < full; i += width)
            {
                TWidth.Store(TWidth.Subtract(TWidth.Subtract(TWidth.Load(px + i), maxBroadcast), logBroadcast), py + i);
            }

            SubtractElements(px, py, full, n, max, log);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsScalar(float* px, float* py, int rows, int cols)
    {
        nuint n = (nuint)cols;
        for (int row = 0; row < rows; row++, px += cols, py += cols)
        {
            float max = MaxOfElements(px, 0, n, float.NegativeInfinity);
            SubtractElements(px, py, 0, n, max, LogOfSum(px, 0, n, max, 0f));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradRows<TWidth, TVector>(float* py, float* pdy, float* pdx, int rows, int cols)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint n = (nuint)cols;
        nuint width = (nuint)TWidth.Count;
        nuint full = n - n % width;
        for (int row = 0; row < rows; row++, py += cols, pdy += cols, pdx += cols)
        {
            var sumVector = TWidth.Zero;
            for (nuint i = 0; i < full; i += width) sumVector = TWidth.Add(sumVector, TWidth.Load(pdy + i));
            float sum = SumOfElements(pdy, full, n, SoftmaxKernel.ReduceSum(TWidth.SumHalves(sumVector)));

            var negativeSum = TWidth.Create(-sum);
            for (nuint i = 0; i < full; i += width)
            {
                var probability = ExpKernel.Exp<TWidth, TVector>(TWidth.Load(py + i));
                TWidth.Store(TWidth.FusedMultiplyAdd(probability, negativeSum, TWidth.Load(pdy + i)), pdx + i);
            }

            GradElements(py, pdy, pdx, full, n, -sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradRowsScalar(float* py, float* pdy, float* pdx, int rows, int cols)
    {
        nuint n = (nuint)cols;
        for (int row = 0; row < rows; row++, py += cols, pdy += cols, pdx += cols)
        {
            GradElements(py, pdy, pdx, 0, n, -SumOfElements(pdy, 0, n, 0f));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxOfElements(float* x, nuint start, nuint n, float max)
    {
        for (nuint i = start; i < n; i++) max = MathF.Max(max, x[i]);
        return max;
    }

    /// <summary>log(sum + Σ e^(x[i] − max) for i in [start, n)), the sum added in order in float, the logarithm in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LogOfSum(float* x, nuint start, nuint n, float max, float sum)
    {
        for (nuint i = start; i < n; i++) sum += ExpKernel.Exp(x[i] - max);
        return (float)Math.Log(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractElements(float* x, float* y, nuint start, nuint n, float max, float log)
    {
        for (nuint i = start; i < n; i++) y[i] = (x[i] - max) - log;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumOfElements(float* x, nuint start, nuint n, float sum)
    {
        for (nuint i = start; i < n; i++) sum += x[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradElements(float* y, float* dy, float* dx, nuint start, nuint n, float negativeSum)
    {
        for (nuint i = start; i < n; i++) dx[i] = MathF.FusedMultiplyAdd(ExpKernel.Exp(y[i]), negativeSum, dy[i]);
    }
}
