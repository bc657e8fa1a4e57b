using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// GELU, tanh approximation (PyTorch's approximate='tanh'): y = ½x·(1 + tanh(√(2/π)(x + 0.044715x³))),
/// computed as x·σ(v) with v = 2√(2/π)·x·(1 + 0.044715x²), since ½(1 + tanh(u)) = σ(2u): no cancellation
/// in the negative tail and fewer roundings. v carries at most 4·2^-24 relative error, which moves σ(v) by
/// |v|(1 − σ(v))·4·2^-24 relative; σ adds 8·2^-24 and the product one rounding. x below −120 is raised
/// to −120 (y has underflowed to −0 there; −∞ gives −0); +∞ gives +∞; NaN gives NaN.
/// </summary>
internal readonly struct GeluTanhOperator : IUnaryOperator
{
    internal const float TwiceSqrtTwoOverPi = 1.5957692f; // 2·√(2/π), 0x1.988454p+0
    internal const float Cubic = 0.044715f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float clamped = SmoothLimits.RaiseToFloor(x);
        return clamped * SigmoidOperator.Invoke(Argument(clamped));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var clamped = SmoothLimits.RaiseToFloor<TWidth, TVector>(x);
        return TWidth.Multiply(clamped, SigmoidOperator.Invoke<TWidth, TVector>(Argument<TWidth, TVector>(clamped)));
    }

    /// <summary>v = 2√(2/π)·x·(1 + 0.044715·x²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Argument(float x) => TwiceSqrtTwoOverPi * x * MathF.FusedMultiplyAdd(Cubic * x, x, 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Argument<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.Multiply(
            TWidth.Multiply(TWidth.Create(TwiceSqrtTwoOverPi), x),
            TWidth.FusedMultiplyAdd(TWidth.Multiply(TWidth.Create(Cubic), x), x, TWidth.One));
}
