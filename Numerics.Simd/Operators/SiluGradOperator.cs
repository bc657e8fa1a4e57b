using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// SiLU derivative from the pre-activation: dx = dy·σ(x)·(1 + x·σ(−x)) (a = x, b = dy), with σ(x) and
/// σ(−x) = 1 − σ(x) from <see cref="SigmoidPair"/>, so x·(1 − σ) keeps its relative accuracy for large x.
/// x is limited to [−120, 120], where the derivative is exactly 0 and 1, so ±∞ give 0 and dy, not NaN.
/// </summary>
internal readonly struct SiluGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b)
    {
        float x = SmoothLimits.Clamp(a);
        float s = SigmoidPair.Invoke(x, out float complement);
        return b * (s * MathF.FusedMultiplyAdd(x, complement, 1f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var x = SmoothLimits.Clamp<TWidth, TVector>(a);
        var s = SigmoidPair.Invoke<TWidth, TVector>(x, out var complement);
        return TWidth.Multiply(b, TWidth.Multiply(s, TWidth.FusedMultiplyAdd(x, complement, TWidth.One)));
    }
}
