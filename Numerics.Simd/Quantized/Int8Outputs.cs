using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Where the int8 kernels put a finished int32 sum of products: the kernels are written once,
/// generic over this, so that the raw product and the fused layer epilogue share them.
/// </summary>
internal interface IInt8Output
{
    /// <summary>Takes sum = Σ_p a[row, p]·W[column, p] (exact).</summary>
    void Store(int row, int column, int sum);
}

/// <summary>c[row·ldc + column] = sum: <see cref="Int8Gemm.Multiply"/>.</summary>
internal readonly unsafe struct RawInt8Output(int* c, nint ldc) : IInt8Output
{
    public readonly int* C = c;
    public readonly nint Ldc = ldc;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int row, int column, int sum) => C[row * Ldc + column] = sum;
}

/// <summary>
/// c[row·ldc + column] = f(FMA((float)(sum − zp[row]·ColumnSums[column]), rowScale[row]·Scales[column], bias[column])):
/// <see cref="Int8Gemm.MultiplyDequantize"/>. Every path rounds the same way (int to float, the
/// product of the scales, one FMA), so the paths agree bit for bit.
/// </summary>
internal readonly unsafe struct DequantizeInt8Output(float* c, nint ldc, float* rowScales, int* rowZeroPoints,
    float* scales, int* columnSums, float* bias, bool relu) : IInt8Output
{
    public readonly float* C = c;
    public readonly nint Ldc = ldc;
    public readonly float* RowScales = rowScales;
    public readonly int* RowZeroPoints = rowZeroPoints;
    public readonly float* Scales = scales;
    public readonly int* ColumnSums = columnSums;
    public readonly float* Bias = bias;
    public readonly bool Relu = relu;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int row, int column, int sum)
    {
        float value = MathF.FusedMultiplyAdd(
            sum - RowZeroPoints[row] * ColumnSums[column], RowScales[row] * Scales[column], Bias[column]);
        C[row * Ldc + column] = Relu ? ReluOperator.Invoke(value) : value;
    }
}
