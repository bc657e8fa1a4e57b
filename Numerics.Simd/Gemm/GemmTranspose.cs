using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd;

/// <summary>
/// 8×8 and 4×4 in-register transposes for packing an operand whose packed order runs across its stored
/// rows (B stored n×k, A stored m×k): eight contiguous row loads and eight stores instead of 64
/// scattered scalar moves. Used on the 256- and 512-bit paths only, so the 128-bit and scalar
/// paths stay what they say.
/// </summary>
internal static unsafe class GemmTranspose
{
    public static bool Available => Avx.IsSupported && Isa.VectorBits >= 256;

    /// <summary>dst[q·dstStride + r] = src[r·srcStride + q] for r, q in 0..8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>dst[q·dstStride + r] = src[r·srcStride + q] for r, q in 0..4: the 4 rows a 12-row sliver has past its 8-row block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block4x4(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector128<float> r0 = Sse.LoadVector128(src), r1 = Sse.LoadVector128(src + srcStride);
        Vector128<float> r2 = Sse.LoadVector128(src + 2 * srcStride), r3 = Sse.LoadVector128(src + 3 * srcStride);
        var t0 = Sse.UnpackLow(r0, r1);   // r0[0] r1[0] r0[1] r1[1]
        var t1 = Sse.UnpackHigh(r0, r1);  // r0[2] r1[2] r0[3] r1[3]
        var t2 = Sse.UnpackLow(r2, r3);
        var t3 = Sse.UnpackHigh(r2, r3);
        Sse.Store(dst, Sse.MoveLowToHigh(t0, t2));
        Sse.Store(dst + dstStride, Sse.MoveHighToLow(t2, t0));
        Sse.Store(dst + 2 * dstStride, Sse.MoveLowToHigh(t1, t3));
        Sse.Store(dst + 3 * dstStride, Sse.MoveHighToLow(t3, t1));
    }
}
