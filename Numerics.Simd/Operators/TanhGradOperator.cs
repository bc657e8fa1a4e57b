using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) =>
        b * Vector128.FusedMultiplyAdd(-a, a, Vector128<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) =>
        b * Vector256.FusedMultiplyAdd(-a, a, Vector256<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) =>
        b * Vector512.FusedMultiplyAdd(-a, a, Vector512<float>.One);
}
