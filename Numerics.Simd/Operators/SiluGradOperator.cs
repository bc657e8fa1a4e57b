using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// SiLU derivative from the pre-activation: dx = dy·σ(x)·(1 + x·(1 − σ(x))) (a = x, b = dy). x is limited
/// to [−120, 120], where the derivative is exactly 0 and 1, so ±∞ give 0 and dy rather than NaN.
/// </summary>
internal readonly struct SiluGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b)
    {
        float x = SmoothLimits.Clamp(a);
        float s = SigmoidOperator.Invoke(x);
        return b * (s * MathF.FusedMultiplyAdd(x, 1f - s, 1f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var x = SmoothLimits.Clamp<TWidth, TVector>(a);
        var s = SigmoidOperator.Invoke<TWidth, TVector>(x);
        return TWidth.Multiply(b, TWidth.Multiply(s, TWidth.FusedMultiplyAdd(x, TWidth.Subtract(TWidth.One, s), TWidth.One)));
    }
}
