using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Tanh derivative from the output: dx = dy·(1 − y²) (a = y, b = dy). 1 − y² is one fused
/// multiply-add, so it has no cancellation error for y near ±1: two roundings in all.
/// </summary>
internal readonly struct TanhGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => b * MathF.FusedMultiplyAdd(-a, a, 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.Multiply(b, TWidth.FusedMultiplyAdd(TWidth.Negate(a), a, TWidth.One));
}
