using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Derivative of the tanh-approximated GELU x·σ(v), v = 2√(2/π)·x·(1 + 0.044715x²), from the
/// pre-activation: dx = dy·(σ(v) + x·σ(v)(1 − σ(v))·2√(2/π)(1 + 3·0.044715x²)) (a = x, b = dy).
/// σ(v) and 1 − σ(v) come from <see cref="SigmoidPair"/> (both relatively accurate); x is limited to
/// [−120, 120], where the derivative is exactly 0 and 1.
/// </summary>
internal readonly struct GeluTanhGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b)
    {
        float x = SmoothLimits.Clamp(a);
        float s = SigmoidPair.Invoke(GeluTanhOperator.Argument(x), out float complement);
        float slope = GeluTanhOperator.TwiceSqrtTwoOverPi * MathF.FusedMultiplyAdd(3f * GeluTanhOperator.Cubic * x, x, 1f);
        return b * MathF.FusedMultiplyAdd(x * (s * complement), slope, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var x = SmoothLimits.Clamp<TWidth, TVector>(a);
        var s = SigmoidPair.Invoke<TWidth, TVector>(GeluTanhOperator.Argument<TWidth, TVector>(x), out var complement);
        var cubic3 = TWidth.Multiply(TWidth.Create(3f * GeluTanhOperator.Cubic), x);
        var slope = TWidth.Multiply(TWidth.Create(GeluTanhOperator.TwiceSqrtTwoOverPi), TWidth.FusedMultiplyAdd(cubic3, x, TWidth.One));
        var spread = TWidth.Multiply(x, TWidth.Multiply(s, complement));
        return TWidth.Multiply(b, TWidth.FusedMultiplyAdd(spread, slope, s));
    }
}
