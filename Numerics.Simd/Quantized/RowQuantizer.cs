using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// The two passes of <see cref="Int8Gemm.QuantizeRows"/> over one row, vectorized: the range
/// (min and max, exact in any order, and whether every value is finite), then the codes. Each
/// code is the scalar formula's: one IEEE division, RNE, exact additions and clamps, so every
/// path gives the same codes. The 512-bit path uses the 256-bit form (a row is short).
/// </summary>
internal static unsafe class RowQuantizer
{
    /// <summary>lo = min(0, min x), hi = max(0, max x), and whether every x is finite.</summary>
    public static (float Lo, float Hi, bool Finite) Range(ReadOnlySpan<float> row)
    {
        fixed (float* x = row)
        {
            return Isa.VectorBits switch
            {
                >= 256 => Range<Quantize256, Vector256<float>>(x, row.Length),
                128 => Range<Quantize128, Vector128<float>>(x, row.Length),
                _ => RangeScalar(x, 0, row.Length, 0, 0, true),
            };
        }
    }

    /// <summary>codes[c] = clamp(RNE(x[c] / scale) + zeroPoint, 0, 127).</summary>
    public static void Codes(ReadOnlySpan<float> row, float scale, int zeroPoint, Span<byte> codes)
    {
        fixed (float* x = row)
        fixed (byte* destination = codes)
        {
            int done = Isa.VectorBits switch
            {
                >= 256 => Codes<Quantize256, Vector256<float>>(x, row.Length, scale, zeroPoint, destination),
                128 => Codes<Quantize128, Vector128<float>>(x, row.Length, scale, zeroPoint, destination),
                _ => 0,
            };
            for (int c = done; c < row.Length; c++) destination[c] = Code(x[c], scale, zeroPoint);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Code(float x, float scale, int zeroPoint) => (byte)Math.Clamp(MathF.Round(x / scale) + zeroPoint, 0f, 127f);

    private static (float Lo, float Hi, bool Finite) RangeScalar(float* x, int start, int length, float lo, float hi, bool finite)
    {
        for (int c = start; c < length; c++)
        {
            finite &= float.IsFinite(x[c]);
            lo = Math.Min(lo, x[c]);
            hi = Math.Max(hi, x[c]);
        }

        return (lo, hi, finite);
    }

    // Full optimization from the first call, as the GEMM kernels have: at tier 0 every TWidth operation is a call, which
    // made a warm process quantize a row 7x slower until tiering caught up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Lo, float Hi, bool Finite) Range<TWidth, TVector>(float* x, int length)
        where TWidth : IQuantizeWidth<TVector>
        where TVector : unmanaged
    {
        // v·0 is 0 for a finite v and NaN otherwise, so the sum stays 0 only if all are finite.
        TVector lo = TWidth.Zero, hi = lo, zeros = lo;
        int c = 0;
        for (; c <= length - TWidth.Count; c += TWidth.Count)
        {
            TVector v = TWidth.Load(x + c);
            lo = TWidth.Min(lo, v);
            hi = TWidth.Max(hi, v);
            zeros = TWidth.AddTimesZero(zeros, v);
        }

        var (vectorLo, vectorHi, finite) = TWidth.Reduce(lo, hi, zeros);
        return RangeScalar(x, c, length, vectorLo, vectorHi, finite);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Codes<TWidth, TVector>(float* x, int length, float scale, int zeroPoint, byte* codes)
        where TWidth : IQuantizeWidth<TVector>
        where TVector : unmanaged
    {
        int c = 0;
        for (; c <= length - TWidth.Count; c += TWidth.Count)
        {
            TWidth.StoreCodes(TWidth.Load(x + c), scale, zeroPoint, codes + c);
        }

        return c;
    }
}

/// <summary>The vector operations of <see cref="RowQuantizer"/> at one width.</summary>
internal unsafe interface IQuantizeWidth<TVector>
    where TVector : unmanaged
{
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(float* source);

    /// <summary>The lane-wise minimum (the instruction's: which NaN comes back does not matter, a NaN row is told apart by <see cref="AddTimesZero"/>).</summary>
    static abstract TVector Min(TVector left, TVector right);

    static abstract TVector Max(TVector left, TVector right);

    /// <summary>sums + values·0.</summary>
    static abstract TVector AddTimesZero(TVector sums, TVector values);

    /// <summary>The minimum of lo's lanes, the maximum of hi's, and whether zeros is all zero.</summary>
    static abstract (float Lo, float Hi, bool Finite) Reduce(TVector lo, TVector hi, TVector zeros);

    /// <summary>codes[l] = clamp(RNE(values[l] / scale) + zeroPoint, 0, 127) for each lane l.</summary>
    static abstract void StoreCodes(TVector values, float scale, int zeroPoint, byte* codes);
}

internal readonly unsafe struct Quantize256 : IQuantizeWidth<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> left, Vector256<float> right) => Vector256.MinNative(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> left, Vector256<float> right) => Vector256.MaxNative(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AddTimesZero(Vector256<float> sums, Vector256<float> values) => sums + values * Vector256<float>.Zero;

    public static (float Lo, float Hi, bool Finite) Reduce(Vector256<float> lo, Vector256<float> hi, Vector256<float> zeros) =>
        Quantize128.Reduce(Vector128.MinNative(lo.GetLower(), lo.GetUpper()), Vector128.MaxNative(hi.GetLower(), hi.GetUpper()),
            zeros.GetLower() + zeros.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(Vector256<float> values, float scale, int zeroPoint, byte* codes)
    {
        Vector256<float> q = Vector256.Round(values / Vector256.Create(scale)) + Vector256.Create((float)zeroPoint);
        Vector256<int> ints = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(q, Vector256<float>.Zero), Vector256.Create(127f)));
        Vector256<short> shorts = Vector256.Narrow(ints, ints);
        // Narrow keeps lane order: the first 8 bytes are the 8 codes.
        Unsafe.WriteUnaligned(codes, Vector256.Narrow(shorts, shorts).AsUInt64().ToScalar());
    }
}

internal readonly unsafe struct Quantize128 : IQuantizeWidth<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Min(Vector128<float> left, Vector128<float> right) => Vector128.MinNative(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> left, Vector128<float> right) => Vector128.MaxNative(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddTimesZero(Vector128<float> sums, Vector128<float> values) => sums + values * Vector128<float>.Zero;

    public static (float Lo, float Hi, bool Finite) Reduce(Vector128<float> lo, Vector128<float> hi, Vector128<float> zeros)
    {
        float low = 0, high = 0;
        for (int l = 0; l < Vector128<float>.Count; l++)
        {
            low = Math.Min(low, lo[l]);
            high = Math.Max(high, hi[l]);
        }

        return (low, high, Vector128.EqualsAll(zeros, Vector128<float>.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(Vector128<float> values, float scale, int zeroPoint, byte* codes)
    {
        Vector128<float> q = Vector128.Round(values / Vector128.Create(scale)) + Vector128.Create((float)zeroPoint);
        Vector128<int> ints = Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(q, Vector128<float>.Zero), Vector128.Create(127f)));
        Vector128<short> shorts = Vector128.Narrow(ints, ints);
        Unsafe.WriteUnaligned(codes, Vector128.Narrow(shorts, shorts).AsUInt32().ToScalar());
    }
}
