using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Logistic sigmoid σ(x) = 1/(1 + e^(−x)), computed as 1/(1 + e) for x ≥ 0 and e/(1 + e) for x &lt; 0
/// with e = e^(−|x|) ≤ 1, so the exponential never overflows and σ keeps full relative accuracy
/// for large negative x (σ(x) ≈ e^x) until it underflows. Saturates to exactly 0 and 1; NaN gives NaN.
/// With e within <see cref="ExpKernel.MaxUlpError"/> = 2 ulp (relative δ ≤ 4·2^-24): for x &lt; 0 the relative
/// error is ≤ δ (numerator) + δ/2 (in 1 + e) + 2·2^-24 (two roundings) = 8·2^-24; for x ≥ 0 ≤ δ/2 + 2·2^-24 = 4·2^-24.
/// </summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float e = ExpKernel.Exp(-MathF.Abs(x));
        float numerator = x < 0 ? e : 1f;
        return numerator / (1f + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var e = ExpKernel.Exp<TWidth, TVector>(TWidth.Negate(TWidth.Abs(x)));
        var numerator = TWidth.ConditionalSelect(TWidth.LessThan(x, TWidth.Zero), e, TWidth.One);
        return TWidth.Divide(numerator, TWidth.Add(TWidth.One, e));
    }
}
