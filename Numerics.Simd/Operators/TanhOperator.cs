using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// tanh(x) = sign(x)·q/(q + 2) with q = e^(2|x|) − 1 computed as an expm1
/// (<see cref="ExpKernel.ExpMinusOne(float)"/>, after Arm optimized-routines <c>v_tanhf</c>), so small
/// |x| keeps full relative accuracy (tanh(x) ≈ x, −0 stays −0) with no cancellation.
/// |x| &gt; 9.0109 (where tanh rounds to 1 in float) gives exactly ±1,
/// ±∞ give ±1, NaN gives NaN. Error ≤ <see cref="MaxUlpError"/> ulp (Arm reports 2.58 ulp worst over all
/// floats for this scheme; the dense sweep of ActivationTanhTests finds 2.16 and checks 3).
/// </summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    /// <summary>The documented bound on the error in units in the last place.</summary>
    public const float MaxUlpError = 3f;

    // Above this |x| tanh rounds to ±1 (0x1.205966p+3); also keeps 2|x| in the range where
    // e^(2|x|) − 1 needs no wide-range branch.
    private const float SaturationBound = 9.0109129f;
    private const uint SignBit = 0x80000000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float a = MathF.Abs(x);
        uint sign = BitConverter.SingleToUInt32Bits(x) & SignBit;
        float q = ExpKernel.ExpMinusOne(a + a);
        float y = a > SaturationBound ? 1f : q / (q + 2f);
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(y) | sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var a = TWidth.Abs(x);
        var sign = TWidth.And(x, TWidth.CreateBits(SignBit));
        var q = ExpKernel.ExpMinusOne<TWidth, TVector>(TWidth.Add(a, a));
        var y = TWidth.ConditionalSelect(
            TWidth.GreaterThan(a, TWidth.Create(SaturationBound)),
            TWidth.One,
            TWidth.Divide(q, TWidth.Add(q, TWidth.Create(2f))));
        return TWidth.Or(y, sign);
    }
}
