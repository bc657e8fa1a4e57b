using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// SiLU (swish) y = x·σ(x), σ from <see cref="SigmoidOperator"/> (relative error ≤ 8·2^-24), so y is within
/// 9·2^-24 relative. x is first raised to at least −120, where σ has underflowed to 0, so that −∞ gives −0
/// (not −∞·0); +∞ gives +∞; NaN gives NaN.
/// </summary>
internal readonly struct SiluOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float clamped = SmoothLimits.RaiseToFloor(x);
        return clamped * SigmoidOperator.Invoke(clamped);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var clamped = SmoothLimits.RaiseToFloor<TWidth, TVector>(x);
        return TWidth.Multiply(clamped, SigmoidOperator.Invoke<TWidth, TVector>(clamped));
    }
}
