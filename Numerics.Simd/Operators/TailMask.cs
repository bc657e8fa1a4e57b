using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// Lane masks for the last, partial vector. The 512-bit paths finish with one AVX-512 masked
/// load and store (fault-suppressing, cheap on this hardware), so no element is computed twice
/// and in-place calls stay correct without a scalar tail.
/// </summary>
internal static class TailMask
{
    /// <summary>All-ones in lanes [0, count), zero elsewhere; count is in [0, 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> First512(nuint count) =>
        Vector512.LessThan(Vector512<uint>.Indices, Vector512.Create((uint)count)).AsSingle();
}
