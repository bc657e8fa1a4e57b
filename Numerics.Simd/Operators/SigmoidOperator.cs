using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var e = ExpKernel.Exp(-Vector128.Abs(x));
        var one = Vector128<float>.One;
        var numerator = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), e, one);
        return numerator / (one + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var e = ExpKernel.Exp(-Vector256.Abs(x));
        var one = Vector256<float>.One;
        var numerator = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, one);
        return numerator / (one + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var e = ExpKernel.Exp(-Vector512.Abs(x));
        var one = Vector512<float>.One;
        var numerator = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), e, one);
        return numerator / (one + e);
    }
}
