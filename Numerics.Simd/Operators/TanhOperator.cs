using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// tanh(x) = sign(x)·q/(q + 2) with q = e^(2|x|) − 1 computed as an expm1 (after Arm optimized-routines
/// <c>v_tanhf</c>: the same range reduction as <see cref="ExpKernel"/>, then expm1(f) = f + f²·P(f)
/// with a degree-4 minimax P), so small |x| keeps full relative accuracy (tanh(x) ≈ x, −0 stays −0)
/// with no cancellation. |x| &gt; 9.0109 (where tanh rounds to 1 in float) gives exactly ±1,
/// ±∞ give ±1, NaN gives NaN. Error ≤ <see cref="MaxUlpError"/> ulp (Arm reports 2.58 ulp worst over all
/// floats for this scheme; the dense sweep of ActivationTanhTests finds 2.16 and checks 3).
/// </summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    /// <summary>The documented bound on the error in units in the last place.</summary>
    public const float MaxUlpError = 3f;

    // Above this |x| tanh rounds to ±1 (0x1.205966p+3); also keeps 2|x| in the range where
    // 2^n fits the exponent without the wide-range branch of exp.
    private const float SaturationBound = 9.0109129f;
    private const float P0 = 0.49999997f;     // 0x1.fffffep-2
    private const float P1 = 0.16666542f;     // 0x1.5554aep-3
    private const float P2 = 0.041667562f;    // 0x1.555736p-5
    private const float P3 = 0.00836664252f;  // 0x1.12287cp-7
    private const float P4 = 0.00138601114f;  // 0x1.6b55a2p-10
    private const uint SignBit = 0x80000000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x)
    {
        float a = MathF.Abs(x);
        uint sign = BitConverter.SingleToUInt32Bits(x) & SignBit;
        float twice = a + a;
        float z = MathF.FusedMultiplyAdd(twice, ExpKernel.InvLn2, ExpKernel.Shift);
        float j = z - ExpKernel.Shift;
        float f = MathF.FusedMultiplyAdd(j, -ExpKernel.Ln2Hi, twice);
        f = MathF.FusedMultiplyAdd(j, -ExpKernel.Ln2Lo, f);
        float f2 = f * f;
        float p01 = MathF.FusedMultiplyAdd(f, P1, P0);
        float p23 = MathF.FusedMultiplyAdd(f, P3, P2);
        float p = MathF.FusedMultiplyAdd(f2, P4, p23);
        p = MathF.FusedMultiplyAdd(f2, p, p01);
        p = MathF.FusedMultiplyAdd(f2, p, f);
        float t = BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(z) << 23) + ExpKernel.OneBits);
        float q = MathF.FusedMultiplyAdd(p, t, t - 1f);
        float y = a > SaturationBound ? 1f : q / (q + 2f);
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(y) | sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var a = Vector128.Abs(x);
        var sign = x.AsUInt32() & Vector128.Create(SignBit);
        var twice = a + a;
        var z = Vector128.FusedMultiplyAdd(twice, Vector128.Create(ExpKernel.InvLn2), Vector128.Create(ExpKernel.Shift));
        var j = z - Vector128.Create(ExpKernel.Shift);
        var f = Vector128.FusedMultiplyAdd(j, Vector128.Create(-ExpKernel.Ln2Hi), twice);
        f = Vector128.FusedMultiplyAdd(j, Vector128.Create(-ExpKernel.Ln2Lo), f);
        var f2 = f * f;
        var p01 = Vector128.FusedMultiplyAdd(f, Vector128.Create(P1), Vector128.Create(P0));
        var p23 = Vector128.FusedMultiplyAdd(f, Vector128.Create(P3), Vector128.Create(P2));
        var p = Vector128.FusedMultiplyAdd(f2, Vector128.Create(P4), p23);
        p = Vector128.FusedMultiplyAdd(f2, p, p01);
        p = Vector128.FusedMultiplyAdd(f2, p, f);
        var t = ((z.AsUInt32() << 23) + Vector128.Create(ExpKernel.OneBits)).AsSingle();
        var q = Vector128.FusedMultiplyAdd(p, t, t - Vector128<float>.One);
        var y = Vector128.ConditionalSelect(
            Vector128.GreaterThan(a, Vector128.Create(SaturationBound)),
            Vector128<float>.One,
            q / (q + Vector128.Create(2f)));
        return (y.AsUInt32() | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var a = Vector256.Abs(x);
        var sign = x.AsUInt32() & Vector256.Create(SignBit);
        var twice = a + a;
        var z = Vector256.FusedMultiplyAdd(twice, Vector256.Create(ExpKernel.InvLn2), Vector256.Create(ExpKernel.Shift));
        var j = z - Vector256.Create(ExpKernel.Shift);
        var f = Vector256.FusedMultiplyAdd(j, Vector256.Create(-ExpKernel.Ln2Hi), twice);
        f = Vector256.FusedMultiplyAdd(j, Vector256.Create(-ExpKernel.Ln2Lo), f);
        var f2 = f * f;
        var p01 = Vector256.FusedMultiplyAdd(f, Vector256.Create(P1), Vector256.Create(P0));
        var p23 = Vector256.FusedMultiplyAdd(f, Vector256.Create(P3), Vector256.Create(P2));
        var p = Vector256.FusedMultiplyAdd(f2, Vector256.Create(P4), p23);
        p = Vector256.FusedMultiplyAdd(f2, p, p01);
        p = Vector256.FusedMultiplyAdd(f2, p, f);
        var t = ((z.AsUInt32() << 23) + Vector256.Create(ExpKernel.OneBits)).AsSingle();
        var q = Vector256.FusedMultiplyAdd(p, t, t - Vector256<float>.One);
        var y = Vector256.ConditionalSelect(
            Vector256.GreaterThan(a, Vector256.Create(SaturationBound)),
            Vector256<float>.One,
            q / (q + Vector256.Create(2f)));
        return (y.AsUInt32() | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var sign = x.AsUInt32() & Vector512.Create(SignBit);
        var twice = a + a;
        var z = Vector512.FusedMultiplyAdd(twice, Vector512.Create(ExpKernel.InvLn2), Vector512.Create(ExpKernel.Shift));
        var j = z - Vector512.Create(ExpKernel.Shift);
        var f = Vector512.FusedMultiplyAdd(j, Vector512.Create(-ExpKernel.Ln2Hi), twice);
        f = Vector512.FusedMultiplyAdd(j, Vector512.Create(-ExpKernel.Ln2Lo), f);
        var f2 = f * f;
        var p01 = Vector512.FusedMultiplyAdd(f, Vector512.Create(P1), Vector512.Create(P0));
        var p23 = Vector512.FusedMultiplyAdd(f, Vector512.Create(P3), Vector512.Create(P2));
        var p = Vector512.FusedMultiplyAdd(f2, Vector512.Create(P4), p23);
        p = Vector512.FusedMultiplyAdd(f2, p, p01);
        p = Vector512.FusedMultiplyAdd(f2, p, f);
        var t = ((z.AsUInt32() << 23) + Vector512.Create(ExpKernel.OneBits)).AsSingle();
        var q = Vector512.FusedMultiplyAdd(p, t, t - Vector512<float>.One);
        var y = Vector512.ConditionalSelect(
            Vector512.GreaterThan(a, Vector512.Create(SaturationBound)),
            Vector512<float>.One,
            q / (q + Vector512.Create(2f)));
        return (y.AsUInt32() | sign).AsSingle();
    }
}
