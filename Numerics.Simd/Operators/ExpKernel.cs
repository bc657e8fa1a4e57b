using System.Runtime.CompilerServices;

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
/// The scalar and the width-generic vector version compute the same operations in the same order
/// (fused multiply-adds included), so results are bitwise identical across widths and the scalar path.
/// </summary>
internal static class ExpKernel
{
    /// <summary>The documented bound on the error of <see cref="Exp(float)"/> in units in the last place.</summary>
    public const float MaxUlpError = 2f;

    // Constants from Arm optimized-routines (v_expf.c, v_tanhf.c), written as the nearest decimals
    // that round-trip to the same float bits (noted in hex).
    private const float Shift = 12582912f;          // 0x1.8p23: adding it rounds to an integer
    private const float InvLn2 = 1.44269502f;       // 0x1.715476p+0
    private const float Ln2Hi = 0.693145752f;       // 0x1.62e4p-1, n·Ln2Hi exact for |n| < 2^8
    private const float Ln2Lo = 1.42860677e-06f;    // 0x1.7f7d1cp-20
    private const uint OneBits = 0x3f800000;
    private const uint SplitBias = 0x82000000;
    private const uint ScaleHalf = 0x7f000000;

    // e^r − 1 ≈ C4·r + r²·(C3 + C2·r + r²·(C1 + C0·r)) on [−ln2/2, ln2/2].
    private const float C0 = 0.00824739039f;         // 0x1.0e4020p-7
    private const float C1 = 0.0418997668f;          // 0x1.573e2ep-5
    private const float C2 = 0.166683957f;           // 0x1.555e66p-3
    private const float C3 = 0.499991268f;           // 0x1.fffdb6p-2
    private const float C4 = 0.999999404f;           // 0x1.ffffecp-1

    // e^f − 1 ≈ f + f²·(E0 + E1·f + f²·(E2 + E3·f + f²·E4)) on [−ln2/2, ln2/2], for ExpMinusOne.
    private const float E0 = 0.49999997f;            // 0x1.fffffep-2
    private const float E1 = 0.16666542f;            // 0x1.5554aep-3
    private const float E2 = 0.041667562f;           // 0x1.555736p-5
    private const float E3 = 0.00836664252f;         // 0x1.12287cp-7
    private const float E4 = 0.00138601114f;         // 0x1.6b55a2p-10

    /// <summary>e^x (see the class summary for accuracy and special values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        var (z, n, r) = Reduce(x);
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

    /// <summary><see cref="Exp(float)"/> in every lane, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var (z, n, r) = Reduce<TWidth, TVector>(x);
        var e = TWidth.ShiftLeftBits(z, 23);
        var scale = TWidth.AddBits(e, TWidth.CreateBits(OneBits));
        var r2 = TWidth.Multiply(r, r);
        var p = TWidth.FusedMultiplyAdd(TWidth.Create(C0), r, TWidth.Create(C1));
        var q = TWidth.FusedMultiplyAdd(TWidth.Create(C2), r, TWidth.Create(C3));
        q = TWidth.FusedMultiplyAdd(p, r2, q);
        var poly = TWidth.FusedMultiplyAdd(q, r2, TWidth.Multiply(TWidth.Create(C4), r));
        if (!TWidth.GreaterThanAny(TWidth.Abs(n), TWidth.Create(126f)))
        {
            return TWidth.FusedMultiplyAdd(poly, scale, scale);
        }

        return ExpWide<TWidth, TVector>(poly, n, e, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would force every live vector register to be spilled (all are caller-saved)
    private static TVector ExpWide<TWidth, TVector>(TVector poly, TVector n, TVector e, TVector scale)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        // 2^n is outside the normal range: split it as s1·s2 (both representable) so that results
        // down into the subnormals and up to the overflow threshold are still right.
        var b = TWidth.And(TWidth.LessThanOrEqual(n, TWidth.Zero), TWidth.CreateBits(SplitBias));
        var s1 = TWidth.AddBits(b, TWidth.CreateBits(ScaleHalf));
        var s2 = TWidth.SubtractBits(e, b);
        var absN = TWidth.Abs(n);
        var split = TWidth.Multiply(TWidth.FusedMultiplyAdd(poly, s2, s2), s1);
        var direct = TWidth.FusedMultiplyAdd(poly, scale, scale);
        var result = TWidth.ConditionalSelect(TWidth.GreaterThan(absN, TWidth.Create(126f)), split, direct);
        return TWidth.ConditionalSelect(TWidth.GreaterThan(absN, TWidth.Create(192f)), TWidth.Multiply(s1, s1), result);
    }

    /// <summary>
    /// e^x − 1 for 0 ≤ x ≤ 18.03, the range tanh needs (2^n stays a normal number, so there is no
    /// wide-range branch; outside it the result is meaningless and callers select it away): the range
    /// reduction of <see cref="Exp(float)"/>, then e^f − 1 = f + f²·P(f), so that small x keeps full
    /// relative accuracy (no cancellation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExpMinusOne(float x)
    {
        var (z, _, f) = Reduce(x);
        float f2 = f * f;
        float p01 = MathF.FusedMultiplyAdd(f, E1, E0);
        float p23 = MathF.FusedMultiplyAdd(f, E3, E2);
        float p = MathF.FusedMultiplyAdd(f2, E4, p23);
        p = MathF.FusedMultiplyAdd(f2, p, p01);
        p = MathF.FusedMultiplyAdd(f2, p, f);
        float scale = BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(z) << 23) + OneBits);
        return MathF.FusedMultiplyAdd(p, scale, scale - 1f);
    }

    /// <summary><see cref="ExpMinusOne(float)"/> in every lane, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector ExpMinusOne<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var (z, _, f) = Reduce<TWidth, TVector>(x);
        var f2 = TWidth.Multiply(f, f);
        var p01 = TWidth.FusedMultiplyAdd(f, TWidth.Create(E1), TWidth.Create(E0));
        var p23 = TWidth.FusedMultiplyAdd(f, TWidth.Create(E3), TWidth.Create(E2));
        var p = TWidth.FusedMultiplyAdd(f2, TWidth.Create(E4), p23);
        p = TWidth.FusedMultiplyAdd(f2, p, p01);
        p = TWidth.FusedMultiplyAdd(f2, p, f);
        var scale = TWidth.AddBits(TWidth.ShiftLeftBits(z, 23), TWidth.CreateBits(OneBits));
        return TWidth.FusedMultiplyAdd(p, scale, TWidth.Subtract(scale, TWidth.One));
    }

    /// <summary>
    /// The range reduction both functions share: x = n·ln2 + r with n = round(x/ln2) and |r| ≤ ln2/2
    /// (Cody–Waite, ln2 in two parts, two fused multiply-adds). Z is x/ln2 + 1.5·2^23, whose low
    /// mantissa bits hold n, ready to be shifted into an exponent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Z, float N, float R) Reduce(float x)
    {
        float z = MathF.FusedMultiplyAdd(x, InvLn2, Shift);
        float n = z - Shift;
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        return (z, n, MathF.FusedMultiplyAdd(n, -Ln2Lo, r));
    }

    /// <summary><see cref="Reduce(float)"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector Z, TVector N, TVector R) Reduce<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var z = TWidth.FusedMultiplyAdd(x, TWidth.Create(InvLn2), TWidth.Create(Shift));
        var n = TWidth.Subtract(z, TWidth.Create(Shift));
        var r = TWidth.FusedMultiplyAdd(n, TWidth.Create(-Ln2Hi), x);
        return (z, n, TWidth.FusedMultiplyAdd(n, TWidth.Create(-Ln2Lo), r));
    }
}
