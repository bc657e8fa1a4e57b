using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Where the int8 kernels put finished int32 sums of products: the kernels are written once,
/// generic over this, so that the raw product and the fused layer epilogue share them. The
/// vector form and the scalar form of one output compute the same bits (the kernels use the
/// scalar form for the lanes of a short last panel).
/// </summary>
internal interface IInt8Output
{
    /// <summary>Takes sum = Σ_p a[row, p]·W[column, p] (exact).</summary>
    void Store(int row, int column, int sum);

    /// <summary>Takes the sums of outputs column … column + lanes − 1 (all below Outputs) in the int32 lanes of <paramref name="sums"/>.</summary>
    void Store<TWidth, TDot, TVector>(int row, int column, TVector sums)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TVector : unmanaged;
}

/// <summary>c[row·ldc + column] = sum: <see cref="Int8Gemm.Multiply"/>.</summary>
internal readonly unsafe struct RawInt8Output(int* c, nint ldc) : IInt8Output
{
    public readonly int* C = c;
    public readonly nint Ldc = ldc;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int row, int column, int sum) => C[row * Ldc + column] = sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<TWidth, TDot, TVector>(int row, int column, TVector sums)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TVector : unmanaged => TWidth.Store(sums, (float*)(C + row * Ldc + column));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<TWidth, TDot, TVector>(int row, int column, TVector sums)
        where TWidth : IVectorWidth<TVector>
        where TDot : IInt8Dot<TVector>
        where TVector : unmanaged
    {
        TVector correction = TDot.MultiplyInt(TWidth.CreateBits((uint)RowZeroPoints[row]), TWidth.Load((float*)(ColumnSums + column)));
        TVector scale = TWidth.Multiply(TWidth.Create(RowScales[row]), TWidth.Load(Scales + column));
        TVector value = TWidth.FusedMultiplyAdd(TDot.ConvertToSingle(TWidth.SubtractBits(sums, correction)), scale, TWidth.Load(Bias + column));
        TWidth.Store(Relu ? TWidth.MaxWithZero(value) : value, C + row * Ldc + column);
    }
}
