using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// σ(x) and 1 − σ(x) = σ(−x) together, both with full relative accuracy, for derivatives that need
/// σ(1 − σ) or x·(1 − σ): computing 1 − σ by subtraction near σ ≈ 1 would leave only the rounding error of σ
/// (up to 4·2^-24 absolute, which x multiplies). As <see cref="SigmoidOperator"/>: e = e^(−|x|) ≤ 1, then
/// σ(x) = 1/(1 + e) and σ(−x) = e/(1 + e) for x ≥ 0 (swapped for x &lt; 0); each within 8·2^-24 relative.
/// </summary>
internal static class SigmoidPair
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, out float complement)
    {
        float e = ExpKernel.Exp(-MathF.Abs(x));
        float denominator = 1f + e;
        bool negative = x < 0;
        complement = (negative ? 1f : e) / denominator;
        return (negative ? e : 1f) / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x, out TVector complement)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var e = ExpKernel.Exp<TWidth, TVector>(TWidth.Negate(TWidth.Abs(x)));
        var denominator = TWidth.Add(TWidth.One, e);
        var negative = TWidth.LessThan(x, TWidth.Zero);
        complement = TWidth.Divide(TWidth.ConditionalSelect(negative, TWidth.One, e), denominator);
        return TWidth.Divide(TWidth.ConditionalSelect(negative, e, TWidth.One), denominator);
    }
}
