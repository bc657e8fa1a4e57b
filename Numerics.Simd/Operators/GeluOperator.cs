using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// GELU, exact form (PyTorch's default): y = x·Φ(x) = x·½(1 + erf(x/√2)), with Φ from
/// <see cref="ErfKernel.NormalCdf(float)"/>, which keeps relative accuracy in the negative tail (where the
/// textbook ½(1 + erf) cancels), so the result is within Φ's bound plus one rounding, relative to y.
/// x below −15 gives −0 (y has underflowed; this also makes −∞ give −0, not −∞·0); +∞ gives +∞; NaN gives NaN.
/// </summary>
internal readonly struct GeluOperator : IUnaryOperator
{
    private const float NegativeLimit = -15f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => x < NegativeLimit ? -0f : x * ErfKernel.NormalCdf(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.ConditionalSelect(
            TWidth.LessThan(x, TWidth.Create(NegativeLimit)),
            TWidth.CreateBits(0x80000000),
            TWidth.Multiply(x, ErfKernel.NormalCdf<TWidth, TVector>(x)));
}
