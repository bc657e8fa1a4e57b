using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Single-precision erf(t) and the standard normal distribution Φ(x) = ½(1 + erf(x/√2)) = ½·erfc(−x/√2),
/// vectorized, for GELU. Two pieces, both evaluated in every lane and selected (no branch per lane):
/// <list type="bullet">
/// <item>|t| &lt; 0.875: erf(t) = t + t·Q(t²), Q a degree-5 polynomial (the form of Arm optimized-routines
/// <c>erff</c>'s first interval, which keeps the leading term exact).</item>
/// <item>|t| ≥ 0.875: erfc(t) = e^(−t²)·R(1/t − ½), R a degree-10 polynomial, so erfc keeps its relative
/// accuracy far into the tail (the form of Cephes <c>erfcf</c>: e^(−t²) times a smooth function of 1/t).
/// t² is split exactly with a fused multiply-add (t² = hi + lo) and e^(−t²) = e^(−hi)·(1 − lo), because
/// e^(−t²) has condition number 2t² in t and a rounded t² would cost up to 200 ulp at t = 10.</item>
/// </list>
/// Both polynomials were fitted for relative error by scripts/fit-erf.py (weighted least squares iterated
/// towards minimax, in double): Q within 0.29·2^-24 on [0, 0.875], R within 0.95·2^-24 on [0.875, 10.61].
/// Beyond t = 10.61 (x = 15 for Φ) the argument is clamped: e^(−t²) has underflowed to 0 there.
/// <para>
/// Accuracy, measured by ActivationGeluTests against double-precision references over a dense sweep:
/// erf within <see cref="MaxErfUlpError"/> ulp (worst seen 1.12); Φ within <see cref="MaxNormalCdfRelativeError"/>·2^-24
/// relative (the tail: rounding of the float Horner evaluation of R, about 9·2^-24, plus e^x's 2 ulp),
/// down to where Φ becomes subnormal (x &lt; −13.6), then a few subnormal ulps absolute.
/// The scalar and the vector versions compute the same operations in the same order, so results agree
/// bit for bit across widths and the scalar path.
/// </para>
/// </summary>
internal static class ErfKernel
{
    /// <summary>The documented bound on the error of <see cref="Erf(float)"/> in units in the last place.</summary>
    public const float MaxErfUlpError = 2f;

    /// <summary>The documented bound on the relative error of <see cref="NormalCdf(float)"/>, in units of 2^-24.</summary>
    public const float MaxNormalCdfRelativeError = 24f;

    private const float SmallLimit = 0.875f;
    private const float TailLimit = 10.61f;       // e^(−t²) underflows beyond it
    private const float InvSqrt2 = 0.70710677f;   // 0x1.6a09e6p-1
    private const float Sqrt2 = 1.4142135f;       // 0x1.6a09e6p+0
    private const float InvSqrtTwoPi = 0.3989423f; // 0x1.988454p-2

    // erf(t) = t + t·Q(t²) on [0, 0.875].
    private const float Q0 = 0.12837915f;          // 0x1.06eba6p-3
    private const float Q1 = -0.37612513f;         // -0x1.8126f2p-2
    private const float Q2 = 0.11282211f;          // 0x1.ce1e8ep-4
    private const float Q3 = -0.026786337f;        // -0x1.b6de0ap-6
    private const float Q4 = 0.0050286897f;        // 0x1.498f6ap-8
    private const float Q5 = -0.0006201605f;       // -0x1.452488p-11

    // erfc(t)·e^(t²) = R(1/t − ½) on [0.875, 10.61].
    private const float R0 = 0.25539565f;          // 0x1.05867p-2
    private const float R1 = 0.42718568f;          // 0x1.b5702ap-2
    private const float R2 = -0.18552466f;         // -0x1.7bf45ap-3
    private const float R3 = 0.022862434f;         // 0x1.7694p-6
    private const float R4 = 0.06446554f;          // 0x1.080d04p-4
    private const float R5 = -0.08781604f;         // -0x1.67b1cap-4
    private const float R6 = 0.064719945f;         // 0x1.0917c8p-4
    private const float R7 = -0.009574535f;        // -0x1.39bd06p-7
    private const float R8 = -0.05788996f;         // -0x1.da3c0cp-5
    private const float R9 = 0.08240539f;          // 0x1.51885p-4
    private const float R10 = -0.038580067f;       // -0x1.3c0c44p-5

    /// <summary>erf(x): odd, ±1 beyond |x| ≈ 3.92, ±1 at ±∞, NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Erf(float x)
    {
        float a = MathF.Abs(x);
        float clamped = a > TailLimit ? TailLimit : a;
        float small = SmallErf(a);
        float hi = clamped * clamped;
        float lo = MathF.FusedMultiplyAdd(clamped, clamped, -hi);
        float erfc = Tail(hi, lo, 1f / clamped);
        float magnitude = a < SmallLimit ? small : 1f - erfc;
        return x < 0 ? -magnitude : magnitude;
    }

    /// <summary><see cref="Erf(float)"/> in every lane, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Erf<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var a = TWidth.Abs(x);
        var limit = TWidth.Create(TailLimit);
        var clamped = TWidth.ConditionalSelect(TWidth.GreaterThan(a, limit), limit, a);
        var small = SmallErf<TWidth, TVector>(a);
        var hi = TWidth.Multiply(clamped, clamped);
        var lo = TWidth.FusedMultiplyAdd(clamped, clamped, TWidth.Negate(hi));
        var erfc = Tail<TWidth, TVector>(hi, lo, TWidth.Divide(TWidth.One, clamped));
        var magnitude = TWidth.ConditionalSelect(TWidth.LessThan(a, TWidth.Create(SmallLimit)), small, TWidth.Subtract(TWidth.One, erfc));
        return TWidth.ConditionalSelect(TWidth.LessThan(x, TWidth.Zero), TWidth.Negate(magnitude), magnitude);
    }

    /// <summary>Φ(x) = ½(1 + erf(x/√2)), with relative accuracy in both tails; 0 at −∞ (and below −14.4), 1 at +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float NormalCdf(float x)
    {
        float clamped = Clamp(x);
        return NormalCdf(x, clamped, HalfSquare(clamped, out float lo), lo);
    }

    /// <summary><see cref="NormalCdf(float)"/> in every lane, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector NormalCdf<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var clamped = Clamp<TWidth, TVector>(x);
        var hi = HalfSquare<TWidth, TVector>(clamped, out var lo);
        return NormalCdf<TWidth, TVector>(x, clamped, hi, lo);
    }

    /// <summary>
    /// Φ(x) + x·φ(x), the derivative of x·Φ(x) (GELU), with φ(x) = e^(−x²/2)/√(2π); exactly 1 above
    /// x = 15 and 0 below −15 (both terms have saturated there), NaN gives NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GeluDerivative(float x)
    {
        float clamped = Clamp(x);
        float hi = HalfSquare(clamped, out float lo);
        float density = Gaussian(hi, lo) * InvSqrtTwoPi;
        return MathF.FusedMultiplyAdd(clamped, density, NormalCdf(clamped, clamped, hi, lo));
    }

    /// <summary><see cref="GeluDerivative(float)"/> in every lane, bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector GeluDerivative<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var clamped = Clamp<TWidth, TVector>(x);
        var hi = HalfSquare<TWidth, TVector>(clamped, out var lo);
        var density = TWidth.Multiply(Gaussian<TWidth, TVector>(hi, lo), TWidth.Create(InvSqrtTwoPi));
        return TWidth.FusedMultiplyAdd(clamped, density, NormalCdf<TWidth, TVector>(clamped, clamped, hi, lo));
    }

    /// <summary>x limited to [−15, 15] (√2·TailLimit): Φ and φ have saturated beyond; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Clamp(float x)
    {
        const float limit = Sqrt2 * TailLimit;
        return x > limit ? limit : x < -limit ? -limit : x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Clamp<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var limit = TWidth.Create(Sqrt2 * TailLimit);
        var upper = TWidth.ConditionalSelect(TWidth.GreaterThan(x, limit), limit, x);
        return TWidth.ConditionalSelect(TWidth.LessThan(upper, TWidth.Negate(limit)), TWidth.Negate(limit), upper);
    }

    /// <summary>x²/2 = hi + lo exactly (the halving is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HalfSquare(float x, out float lo)
    {
        float square = x * x;
        lo = 0.5f * MathF.FusedMultiplyAdd(x, x, -square);
        return 0.5f * square;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector HalfSquare<TWidth, TVector>(TVector x, out TVector lo)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var square = TWidth.Multiply(x, x);
        var half = TWidth.Create(0.5f);
        lo = TWidth.Multiply(half, TWidth.FusedMultiplyAdd(x, x, TWidth.Negate(square)));
        return TWidth.Multiply(half, square);
    }

    /// <summary>Φ(x) given the clamped x and (clamped x)²/2 = hi + lo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float NormalCdf(float x, float clamped, float hi, float lo)
    {
        float a = MathF.Abs(clamped);
        float t = a * InvSqrt2;
        float erf = SmallErf(t);
        float small = MathF.FusedMultiplyAdd(x < 0 ? -0.5f : 0.5f, erf, 0.5f);
        float halfErfc = 0.5f * Tail(hi, lo, Sqrt2 / a);
        float tail = x < 0 ? halfErfc : 1f - halfErfc;
        return t < SmallLimit ? small : tail;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector NormalCdf<TWidth, TVector>(TVector x, TVector clamped, TVector hi, TVector lo)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var a = TWidth.Abs(clamped);
        var t = TWidth.Multiply(a, TWidth.Create(InvSqrt2));
        var negative = TWidth.LessThan(x, TWidth.Zero);
        var half = TWidth.Create(0.5f);
        var erf = SmallErf<TWidth, TVector>(t);
        var small = TWidth.FusedMultiplyAdd(TWidth.ConditionalSelect(negative, TWidth.Negate(half), half), erf, half);
        var halfErfc = TWidth.Multiply(half, Tail<TWidth, TVector>(hi, lo, TWidth.Divide(TWidth.Create(Sqrt2), a)));
        var tail = TWidth.ConditionalSelect(negative, halfErfc, TWidth.Subtract(TWidth.One, halfErfc));
        return TWidth.ConditionalSelect(TWidth.LessThan(t, TWidth.Create(SmallLimit)), small, tail);
    }

    /// <summary>t + t·Q(t²) ≈ erf(t) for 0 ≤ t &lt; 0.875.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SmallErf(float t)
    {
        float w = t * t;
        float q = MathF.FusedMultiplyAdd(Q5, w, Q4);
        q = MathF.FusedMultiplyAdd(q, w, Q3);
        q = MathF.FusedMultiplyAdd(q, w, Q2);
        q = MathF.FusedMultiplyAdd(q, w, Q1);
        q = MathF.FusedMultiplyAdd(q, w, Q0);
        return MathF.FusedMultiplyAdd(q, t, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector SmallErf<TWidth, TVector>(TVector t)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var w = TWidth.Multiply(t, t);
        var q = TWidth.FusedMultiplyAdd(TWidth.Create(Q5), w, TWidth.Create(Q4));
        q = TWidth.FusedMultiplyAdd(q, w, TWidth.Create(Q3));
        q = TWidth.FusedMultiplyAdd(q, w, TWidth.Create(Q2));
        q = TWidth.FusedMultiplyAdd(q, w, TWidth.Create(Q1));
        q = TWidth.FusedMultiplyAdd(q, w, TWidth.Create(Q0));
        return TWidth.FusedMultiplyAdd(q, t, t);
    }

    /// <summary>e^(−(hi + lo)) = e^(−hi)·(1 − lo) to first order (|lo| ≤ 2^-24·hi, so lo² is far below rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Gaussian(float hi, float lo)
    {
        float e = ExpKernel.Exp(-hi);
        return MathF.FusedMultiplyAdd(-lo, e, e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Gaussian<TWidth, TVector>(TVector hi, TVector lo)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var e = ExpKernel.Exp<TWidth, TVector>(TWidth.Negate(hi));
        return TWidth.FusedMultiplyAdd(TWidth.Negate(lo), e, e);
    }

    /// <summary>erfc(t) = e^(−t²)·R(1/t − ½) for 0.875 ≤ t ≤ 10.61, given t² = hi + lo and s = 1/t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(float hi, float lo, float s)
    {
        float v = s - 0.5f;
        float r = MathF.FusedMultiplyAdd(R10, v, R9);
        r = MathF.FusedMultiplyAdd(r, v, R8);
        r = MathF.FusedMultiplyAdd(r, v, R7);
        r = MathF.FusedMultiplyAdd(r, v, R6);
        r = MathF.FusedMultiplyAdd(r, v, R5);
        r = MathF.FusedMultiplyAdd(r, v, R4);
        r = MathF.FusedMultiplyAdd(r, v, R3);
        r = MathF.FusedMultiplyAdd(r, v, R2);
        r = MathF.FusedMultiplyAdd(r, v, R1);
        r = MathF.FusedMultiplyAdd(r, v, R0);
        return Gaussian(hi, lo) * r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Tail<TWidth, TVector>(TVector hi, TVector lo, TVector s)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var v = TWidth.Subtract(s, TWidth.Create(0.5f));
        var r = TWidth.FusedMultiplyAdd(TWidth.Create(R10), v, TWidth.Create(R9));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R8));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R7));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R6));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R5));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R4));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R3));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R2));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R1));
        r = TWidth.FusedMultiplyAdd(r, v, TWidth.Create(R0));
        return TWidth.Multiply(Gaussian<TWidth, TVector>(hi, lo), r);
    }
}
