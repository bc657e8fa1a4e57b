using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd;

/// <summary>
/// The "dot-4 accumulate" of one instruction set, and the two int32 operations the epilogue needs
/// at its width: the int8 kernels are written once, generic over this, so that each variant differs
/// from another by its instructions only. Vectors are typed as float (the type of the float width
/// operations the kernels also use) and hold int32 lanes.
/// </summary>
internal interface IInt8Dot<TVector>
    where TVector : unmanaged
{
    /// <summary>
    /// sums + Σ_{b &lt; 4} codes[4l + b]·weights[4l + b] in each 32-bit lane l, codes as unsigned bytes
    /// (at most 127, so that a pair of products fits int16), weights as signed bytes; exact.
    /// </summary>
    static abstract TVector Accumulate(TVector sums, TVector codes, TVector weights);

    /// <summary>left·right in each int32 lane (the low 32 bits).</summary>
    static abstract TVector MultiplyInt(TVector left, TVector right);

    /// <summary>Each int32 lane to float, rounding to nearest even (as the scalar cast does).</summary>
    static abstract TVector ConvertToSingle(TVector ints);
}

/// <summary>
/// AVX-512BW: VPMADDUBSW (byte pairs to int16) then VPMADDWD with ones (int16 pairs to int32).
/// NOT RUN on the development host (AVX2 only): only the 256-bit variant below is tested there.
/// </summary>
internal readonly struct Dot512 : IInt8Dot<Vector512<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Accumulate(Vector512<float> sums, Vector512<float> codes, Vector512<float> weights) =>
        (sums.AsInt32() + Avx512BW.MultiplyAddAdjacent(
            Avx512BW.MultiplyAddAdjacent(codes.AsByte(), weights.AsSByte()), Vector512<short>.One)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyInt(Vector512<float> left, Vector512<float> right) => (left.AsInt32() * right.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ConvertToSingle(Vector512<float> ints) => Vector512.ConvertToSingle(ints.AsInt32());
}

/// <summary>AVX2: VPMADDUBSW (byte pairs to int16; 7-bit codes cannot saturate it) then VPMADDWD with ones, then VPADDD.</summary>
internal readonly struct Dot256 : IInt8Dot<Vector256<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Accumulate(Vector256<float> sums, Vector256<float> codes, Vector256<float> weights) =>
        (sums.AsInt32() + Avx2.MultiplyAddAdjacent(
            Avx2.MultiplyAddAdjacent(codes.AsByte(), weights.AsSByte()), Vector256<short>.One)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyInt(Vector256<float> left, Vector256<float> right) => (left.AsInt32() * right.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ConvertToSingle(Vector256<float> ints) => Vector256.ConvertToSingle(ints.AsInt32());
}

/// <summary>
/// AVX-VNNI: VPDPBUSD, the whole dot-4 and the add in one instruction; otherwise <see cref="Dot256"/>.
/// NOT RUN on the development host (no AVX-VNNI there): it differs from the tested <see cref="Dot256"/>
/// by this one instruction, which sums the same exact products (no saturation: VPDPBUSD has none).
/// </summary>
internal readonly struct Dot256Vnni : IInt8Dot<Vector256<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Accumulate(Vector256<float> sums, Vector256<float> codes, Vector256<float> weights) =>
        AvxVnni.MultiplyWideningAndAdd(sums.AsInt32(), codes.AsByte(), weights.AsSByte()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyInt(Vector256<float> left, Vector256<float> right) => Dot256.MultiplyInt(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ConvertToSingle(Vector256<float> ints) => Dot256.ConvertToSingle(ints);
}

/// <summary>SSSE3 / SSE2: PMADDUBSW then PMADDWD with ones, then PADDD.</summary>
internal readonly struct Dot128 : IInt8Dot<Vector128<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Accumulate(Vector128<float> sums, Vector128<float> codes, Vector128<float> weights) =>
        (sums.AsInt32() + Sse2.MultiplyAddAdjacent(
            Ssse3.MultiplyAddAdjacent(codes.AsByte(), weights.AsSByte()), Vector128<short>.One)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyInt(Vector128<float> left, Vector128<float> right) => (left.AsInt32() * right.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ConvertToSingle(Vector128<float> ints) => Vector128.ConvertToSingle(ints.AsInt32());
}

/// <summary>
/// Any Vector128 machine (ARM64 among them): each weight byte sign-extended in place by a left then
/// an arithmetic right shift, each code byte picked out likewise, multiplied in int32. Four times the
/// instructions of <see cref="Dot128"/>, but portable; tested on x86 by calling it directly.
/// </summary>
internal readonly struct Dot128Portable : IInt8Dot<Vector128<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Accumulate(Vector128<float> sums, Vector128<float> codes, Vector128<float> weights)
    {
        Vector128<int> w = weights.AsInt32(), c = codes.AsInt32();
        // Codes are at most 127, so the arithmetic shifts give them unsigned as well.
        Vector128<int> sum = sums.AsInt32() + ((w << 24) >> 24) * ((c << 24) >> 24) + ((w << 16) >> 24) * ((c << 16) >> 24);
        return (sum + ((w << 8) >> 24) * ((c << 8) >> 24) + (w >> 24) * (c >> 24)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyInt(Vector128<float> left, Vector128<float> right) => Dot128.MultiplyInt(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ConvertToSingle(Vector128<float> ints) => Dot128.ConvertToSingle(ints);
}
