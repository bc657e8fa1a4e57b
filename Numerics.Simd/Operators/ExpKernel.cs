using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// Single-precision e^x, vectorized, after Arm's optimized-routines <c>v_expf</c>: x = n·ln2 + r
/// with n = round(x/ln2) (Cody–Waite: ln2 split in a high part exact in 16 bits and a low part),
/// r in [−ln2/2, ln2/2]; e^r − 1 by a degree-5 minimax polynomial; 2^n assembled in the exponent
/// bits. Lanes with |n| &gt; 126 take a rarely-used branch that splits 2^n in two factors so that
/// subnormal results and overflow to +∞ are right.
/// <para>
/// Accuracy (measured by ActivationExpTests over every multiple of 2^-12 in [−103.97, 88.72] and random values,
/// against double <see cref="Math.Exp"/>; worst seen 1.91 ulp): at most <see cref="MaxUlpError"/> ulp for normal results;
/// subnormal results within one subnormal ulp plus that relative error. e^(−∞) = 0, e^(+∞) = +∞,
/// NaN gives NaN, x &gt; 88.72 gives +∞, x &lt; −103.98 gives 0.
/// </para>
/// Every overload computes the same operations in the same order (fused multiply-adds included),
/// so results are bitwise identical across widths and the scalar path.
/// </summary>
internal static class ExpKernel
{
    /// <summary>The documented bound on the error of <see cref="Exp(float)"/> in units in the last place.</summary>
    public const float MaxUlpError = 2f;

    // Constants from Arm optimized-routines (v_expf.c), written as the nearest decimals that
    // round-trip to the same float bits (noted in hex).
    internal const float Shift = 12582912f;          // 0x1.8p23: adding it rounds to an integer
    internal const float InvLn2 = 1.44269502f;       // 0x1.715476p+0
    internal const float Ln2Hi = 0.693145752f;       // 0x1.62e4p-1, n·Ln2Hi exact for |n| < 2^8
    internal const float Ln2Lo = 1.42860677e-06f;    // 0x1.7f7d1cp-20
    private const float C0 = 0.00824739039f;         // 0x1.0e4020p-7
    private const float C1 = 0.0418997668f;          // 0x1.573e2ep-5
    private const float C2 = 0.166683957f;           // 0x1.555e66p-3
    private const float C3 = 0.499991268f;           // 0x1.fffdb6p-2
    private const float C4 = 0.999999404f;           // 0x1.ffffecp-1
    internal const uint OneBits = 0x3f800000;
    private const uint SplitBias = 0x82000000;
    private const uint ScaleHalf = 0x7f000000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        float z = MathF.FusedMultiplyAdd(x, InvLn2, Shift);
        float n = z - Shift;
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        uint e = BitConverter.SingleToUInt32Bits(z) << 23;
        float scale = BitConverter.UInt32BitsToSingle(e + OneBits);
        float r2 = r * r;
        float p = MathF.FusedMultiplyAdd(C0, r, C1);
        float q = MathF.FusedMultiplyAdd(C2, r, C3);
        q = MathF.FusedMultiplyAdd(p, r2, q);
        float poly = MathF.FusedMultiplyAdd(q, r2, C4 * r);
        float absN = MathF.Abs(n);
        if (!(absN > 126f)) return MathF.FusedMultiplyAdd(poly, scale, scale);

        uint b = n <= 0 ? SplitBias : 0u;
        float s1 = BitConverter.UInt32BitsToSingle(b + ScaleHalf);
        float s2 = BitConverter.UInt32BitsToSingle(e - b);
        return absN > 192f ? s1 * s1 : MathF.FusedMultiplyAdd(poly, s2, s2) * s1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        var z = Vector128.FusedMultiplyAdd(x, Vector128.Create(InvLn2), Vector128.Create(Shift));
        var n = z - Vector128.Create(Shift);
        var r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Hi), x);
        r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Lo), r);
        var e = z.AsUInt32() << 23;
        var scale = (e + Vector128.Create(OneBits)).AsSingle();
        var r2 = r * r;
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(C0), r, Vector128.Create(C1));
        var q = Vector128.FusedMultiplyAdd(Vector128.Create(C2), r, Vector128.Create(C3));
        q = Vector128.FusedMultiplyAdd(p, r2, q);
        var poly = Vector128.FusedMultiplyAdd(q, r2, Vector128.Create(C4) * r);
        if (!Vector128.GreaterThanAny(Vector128.Abs(n), Vector128.Create(126f)))
        {
            return Vector128.FusedMultiplyAdd(poly, scale, scale);
        }

        return ExpWide(poly, n, e, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would force every live vector register to be spilled (all are caller-saved)
    private static Vector128<float> ExpWide(Vector128<float> poly, Vector128<float> n, Vector128<uint> e, Vector128<float> scale)
    {
        // 2^n is outside the normal range: split it as s1·s2 (both representable) so that results
        // down into the subnormals and up to the overflow threshold are still right.
        var b = Vector128.LessThanOrEqual(n, Vector128<float>.Zero).AsUInt32() & Vector128.Create(SplitBias);
        var s1 = (b + Vector128.Create(ScaleHalf)).AsSingle();
        var s2 = (e - b).AsSingle();
        var absN = Vector128.Abs(n);
        var split = Vector128.FusedMultiplyAdd(poly, s2, s2) * s1;
        var direct = Vector128.FusedMultiplyAdd(poly, scale, scale);
        var result = Vector128.ConditionalSelect(Vector128.GreaterThan(absN, Vector128.Create(126f)), split, direct);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(absN, Vector128.Create(192f)), s1 * s1, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var z = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvLn2), Vector256.Create(Shift));
        var n = z - Vector256.Create(Shift);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var e = z.AsUInt32() << 23;
        var scale = (e + Vector256.Create(OneBits)).AsSingle();
        var r2 = r * r;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C0), r, Vector256.Create(C1));
        var q = Vector256.FusedMultiplyAdd(Vector256.Create(C2), r, Vector256.Create(C3));
        q = Vector256.FusedMultiplyAdd(p, r2, q);
        var poly = Vector256.FusedMultiplyAdd(q, r2, Vector256.Create(C4) * r);
        if (!Vector256.GreaterThanAny(Vector256.Abs(n), Vector256.Create(126f)))
        {
            return Vector256.FusedMultiplyAdd(poly, scale, scale);
        }

        return ExpWide(poly, n, e, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would force every live vector register to be spilled (all are caller-saved)
    private static Vector256<float> ExpWide(Vector256<float> poly, Vector256<float> n, Vector256<uint> e, Vector256<float> scale)
    {
        // 2^n is outside the normal range: split it as s1·s2 (both representable) so that results
        // down into the subnormals and up to the overflow threshold are still right.
        var b = Vector256.LessThanOrEqual(n, Vector256<float>.Zero).AsUInt32() & Vector256.Create(SplitBias);
        var s1 = (b + Vector256.Create(ScaleHalf)).AsSingle();
        var s2 = (e - b).AsSingle();
        var absN = Vector256.Abs(n);
        var split = Vector256.FusedMultiplyAdd(poly, s2, s2) * s1;
        var direct = Vector256.FusedMultiplyAdd(poly, scale, scale);
        var result = Vector256.ConditionalSelect(Vector256.GreaterThan(absN, Vector256.Create(126f)), split, direct);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(absN, Vector256.Create(192f)), s1 * s1, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var z = Vector512.FusedMultiplyAdd(x, Vector512.Create(InvLn2), Vector512.Create(Shift));
        var n = z - Vector512.Create(Shift);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var e = z.AsUInt32() << 23;
        var scale = (e + Vector512.Create(OneBits)).AsSingle();
        var r2 = r * r;
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C0), r, Vector512.Create(C1));
        var q = Vector512.FusedMultiplyAdd(Vector512.Create(C2), r, Vector512.Create(C3));
        q = Vector512.FusedMultiplyAdd(p, r2, q);
        var poly = Vector512.FusedMultiplyAdd(q, r2, Vector512.Create(C4) * r);
        if (!Vector512.GreaterThanAny(Vector512.Abs(n), Vector512.Create(126f)))
        {
            return Vector512.FusedMultiplyAdd(poly, scale, scale);
        }

        return ExpWide(poly, n, e, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would force every live vector register to be spilled (all are caller-saved)
    private static Vector512<float> ExpWide(Vector512<float> poly, Vector512<float> n, Vector512<uint> e, Vector512<float> scale)
    {
        // 2^n is outside the normal range: split it as s1·s2 (both representable) so that results
        // down into the subnormals and up to the overflow threshold are still right.
        var b = Vector512.LessThanOrEqual(n, Vector512<float>.Zero).AsUInt32() & Vector512.Create(SplitBias);
        var s1 = (b + Vector512.Create(ScaleHalf)).AsSingle();
        var s2 = (e - b).AsSingle();
        var absN = Vector512.Abs(n);
        var split = Vector512.FusedMultiplyAdd(poly, s2, s2) * s1;
        var direct = Vector512.FusedMultiplyAdd(poly, scale, scale);
        var result = Vector512.ConditionalSelect(Vector512.GreaterThan(absN, Vector512.Create(126f)), split, direct);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(absN, Vector512.Create(192f)), s1 * s1, result);
    }
}
