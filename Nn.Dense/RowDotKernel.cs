using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// z = W·x + b for one sample, W [outputs × inputs] row-major: one dot product per output over a
/// contiguous row, eight rows at a time so that x is loaded once per eight rows and eight FMA
/// chains hide the FMA latency; the eight sums are reduced together and the bias added in the
/// same pass. The 512- and 256-bit paths need AVX (the transposing reduction); elsewhere the
/// 128-bit or scalar path runs. Dispatches on
/// <see cref="Isa.VectorBits"/> like the library kernels, so every path runs under the test caps.
/// Deterministic: the summation order depends only on the sizes and the path.
/// </summary>
internal static class RowDotKernel
{
    private const int Rows = 8;

    public static void Run(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, ReadOnlySpan<float> biases, Span<float> z)
    {
        int outputs = biases.Length, inputs = x.Length;
        if (weights.Length < (long)outputs * inputs || z.Length < outputs) throw new ArgumentException("Spans too short for the layer.", nameof(z));
        ref float w = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
        ref float xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float b = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(biases);
        ref float y = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(z);
        switch (Isa.VectorBits)
        {
            case 512 when Avx.IsSupported: Run512(ref w, ref xr, ref b, ref y, inputs, outputs); break;
            case 256 when Avx.IsSupported: Run256(ref w, ref xr, ref b, ref y, inputs, outputs); break;
            case >= 128: Run128(ref w, ref xr, ref b, ref y, inputs, outputs); break;
            default: RunScalar(ref w, ref xr, ref b, ref y, inputs, 0, outputs); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run512(ref float w, ref float x, ref float b, ref float y, int inputs, int outputs)
    {
        int width = Vector512<float>.Count, vectorEnd = inputs - inputs % width, j = 0;
        for (; j + Rows <= outputs; j += Rows)
        {
            ref float r0 = ref Unsafe.Add(ref w, (nint)j * inputs);
            ref float r1 = ref Unsafe.Add(ref r0, inputs);
            ref float r2 = ref Unsafe.Add(ref r1, inputs);
            ref float r3 = ref Unsafe.Add(ref r2, inputs);
            ref float r4 = ref Unsafe.Add(ref r3, inputs);
            ref float r5 = ref Unsafe.Add(ref r4, inputs);
            ref float r6 = ref Unsafe.Add(ref r5, inputs);
            ref float r7 = ref Unsafe.Add(ref r6, inputs);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int i = 0; i < vectorEnd; i += width)
            {
                var v = Vector512.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)i), v, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)i), v, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)i), v, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)i), v, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4, (nuint)i), v, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r5, (nuint)i), v, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r6, (nuint)i), v, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r7, (nuint)i), v, a7);
            }

            var sums = Reduce(
                a0.GetLower() + a0.GetUpper(), a1.GetLower() + a1.GetUpper(), a2.GetLower() + a2.GetUpper(), a3.GetLower() + a3.GetUpper(),
                a4.GetLower() + a4.GetUpper(), a5.GetLower() + a5.GetUpper(), a6.GetLower() + a6.GetUpper(), a7.GetLower() + a7.GetUpper());
            (sums + Vector256.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref y, (nuint)j);
            if (vectorEnd < inputs) AddTails(ref r0, ref x, ref Unsafe.Add(ref y, j), vectorEnd, inputs);
        }

        for (; j < outputs; j++)
        {
            ref float row = ref Unsafe.Add(ref w, (nint)j * inputs);
            Vector512<float> a = default;
            for (int i = 0; i < vectorEnd; i += width) a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)i), Vector512.LoadUnsafe(ref x, (nuint)i), a);
            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Vector512.Sum(a) + Tail(ref row, ref x, vectorEnd, inputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run256(ref float w, ref float x, ref float b, ref float y, int inputs, int outputs)
    {
        int width = Vector256<float>.Count, vectorEnd = inputs - inputs % width, j = 0;
        for (; j + Rows <= outputs; j += Rows)
        {
            ref float r0 = ref Unsafe.Add(ref w, (nint)j * inputs);
            ref float r1 = ref Unsafe.Add(ref r0, inputs);
            ref float r2 = ref Unsafe.Add(ref r1, inputs);
            ref float r3 = ref Unsafe.Add(ref r2, inputs);
            ref float r4 = ref Unsafe.Add(ref r3, inputs);
            ref float r5 = ref Unsafe.Add(ref r4, inputs);
            ref float r6 = ref Unsafe.Add(ref r5, inputs);
            ref float r7 = ref Unsafe.Add(ref r6, inputs);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int i = 0; i < vectorEnd; i += width)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)i), v, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)i), v, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)i), v, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)i), v, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r4, (nuint)i), v, a4);
                a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r5, (nuint)i), v, a5);
                a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r6, (nuint)i), v, a6);
                a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r7, (nuint)i), v, a7);
            }

            (Reduce(a0, a1, a2, a3, a4, a5, a6, a7) + Vector256.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref y, (nuint)j);
            if (vectorEnd < inputs) AddTails(ref r0, ref x, ref Unsafe.Add(ref y, j), vectorEnd, inputs);
        }

        for (; j < outputs; j++)
        {
            ref float row = ref Unsafe.Add(ref w, (nint)j * inputs);
            Vector256<float> a = default;
            for (int i = 0; i < vectorEnd; i += width) a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)i), Vector256.LoadUnsafe(ref x, (nuint)i), a);
            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Vector256.Sum(a) + Tail(ref row, ref x, vectorEnd, inputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run128(ref float w, ref float x, ref float b, ref float y, int inputs, int outputs)
    {
        int width = Vector128<float>.Count, vectorEnd = inputs - inputs % width;
        for (int j = 0; j < outputs; j++)
        {
            ref float row = ref Unsafe.Add(ref w, (nint)j * inputs);
            Vector128<float> a0 = default, a1 = default;
            int i = 0;
            for (; i + 2 * width <= vectorEnd; i += 2 * width)
            {
                a0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref row, (nuint)i), Vector128.LoadUnsafe(ref x, (nuint)i), a0);
                a1 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref row, (nuint)(i + width)), Vector128.LoadUnsafe(ref x, (nuint)(i + width)), a1);
            }

            if (i < vectorEnd) a0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref row, (nuint)i), Vector128.LoadUnsafe(ref x, (nuint)i), a0);
            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Vector128.Sum(a0 + a1) + Tail(ref row, ref x, vectorEnd, inputs);
        }
    }

    /// <summary>
    /// The eight horizontal sums of eight 8-lane accumulators as one vector (row j in lane j):
    /// two rounds of pairwise horizontal adds and one swap of 128-bit halves, instead of eight
    /// separate full reductions (which cost as much as the dot products for short rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Reduce(Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3,
        Vector256<float> s4, Vector256<float> s5, Vector256<float> s6, Vector256<float> s7)
    {
        // Per 128-bit half: [s0 lanes 0..3 summed, s1, s2, s3] and likewise for lanes 4..7.
        var low = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
        var high = Avx.HorizontalAdd(Avx.HorizontalAdd(s4, s5), Avx.HorizontalAdd(s6, s7));
        return Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
    }

    /// <summary>Adds the scalar remainders (inputs not a multiple of the vector width) of eight rows.</summary>
    private static void AddTails(ref float r0, ref float x, ref float y, int from, int inputs)
    {
        for (int row = 0; row < Rows; row++) Unsafe.Add(ref y, row) += Tail(ref Unsafe.Add(ref r0, (nint)row * inputs), ref x, from, inputs);
    }

    private static void RunScalar(ref float w, ref float x, ref float b, ref float y, int inputs, int from, int outputs)
    {
        for (int j = from; j < outputs; j++)
        {
            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Tail(ref Unsafe.Add(ref w, (nint)j * inputs), ref x, 0, inputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(ref float row, ref float x, int from, int to)
    {
        float sum = 0;
        for (int i = from; i < to; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref row, i), Unsafe.Add(ref x, i), sum);
        return sum;
    }
}
