using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>Sigmoid derivative from the output: dx = (dy·y)·(1 − y) (a = y, b = dy); ≤ 3 roundings.</summary>
internal readonly struct SigmoidGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => b * a * (1f - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.Multiply(TWidth.Multiply(b, a), TWidth.Subtract(TWidth.One, a));
}
