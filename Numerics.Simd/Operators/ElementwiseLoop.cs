using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// The one loop behind every element-wise operation: n elements, two vectors per step, then one,
/// then the remainder (a masked partial vector where the width has cheap masks, else one element at
/// a time), at the width <see cref="Isa.VectorBits"/> chooses. Each body finishes a position before
/// the next one is read, so an output may be exactly an input (in place).
/// </summary>
/// <remarks>
/// Each width's loop is inlined into its caller where the JIT's inlining budget allows (short bodies:
/// the ReLU of the GEMM epilogue runs per row of a tile, where a call per row would show), and is
/// otherwise a call to a method of its own. Either way it is compiled fully optimized at once
/// (AggressiveOptimization: a tiered start would run the loop as on-stack-replacement code, measured
/// several times slower, for many calls).
/// </remarks>
internal static class ElementwiseLoop
{
    /// <summary>Runs <paramref name="body"/> over elements [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TBody>(TBody body, nuint n)
        where TBody : struct, ILoopBody
    {
        switch (Isa.VectorBits)
        {
            case 512: Run<TBody, Width512, Vector512<float>>(body, n); return;
            case 256: Run<TBody, Width256, Vector256<float>>(body, n); return;
            case 128: Run<TBody, Width128, Vector128<float>>(body, n); return;
            default: RunElements(body, n); return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunElements<TBody>(TBody body, nuint n)
        where TBody : struct, ILoopBody
    {
        for (nuint i = 0; i < n; i++) body.Element(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Run<TBody, TWidth, TVector>(TBody body, nuint n)
        where TBody : struct, ILoopBody
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint width = (nuint)TWidth.Count;
        nuint i = 0;

        // Two vectors per step: two independent chains through the operation's latency.
        for (; i + 2 * width <= n; i += 2 * width)
        {
            body.Vector<TWidth, TVector>(i);
            body.Vector<TWidth, TVector>(i + width);
        }

        if (i + width <= n)
        {
            body.Vector<TWidth, TVector>(i);
            i += width;
        }

        if (TWidth.MasksTail)
        {
            if (i < n) body.PartialVector<TWidth, TVector>(i, n - i);
        }
        else
        {
            for (; i < n; i++) body.Element(i);
        }
    }
}
