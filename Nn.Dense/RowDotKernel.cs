using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// z = W·x + b for one sample, W [outputs × inputs] row-major: one dot product per output over a
/// contiguous row, eight rows at a time so that x is loaded once per eight rows and eight FMA
/// chains hide the FMA latency; the bias is added in the same pass. Dispatches on
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
            case 512: Run512(ref w, ref xr, ref b, ref y, inputs, outputs); break;
            case 256: Run256(ref w, ref xr, ref b, ref y, inputs, outputs); break;
            case 128: Run128(ref w, ref xr, ref b, ref y, inputs, outputs); break;
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

            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Vector512.Sum(a0) + Tail(ref r0, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 1) = Unsafe.Add(ref b, j + 1) + Vector512.Sum(a1) + Tail(ref r1, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 2) = Unsafe.Add(ref b, j + 2) + Vector512.Sum(a2) + Tail(ref r2, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 3) = Unsafe.Add(ref b, j + 3) + Vector512.Sum(a3) + Tail(ref r3, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 4) = Unsafe.Add(ref b, j + 4) + Vector512.Sum(a4) + Tail(ref r4, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 5) = Unsafe.Add(ref b, j + 5) + Vector512.Sum(a5) + Tail(ref r5, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 6) = Unsafe.Add(ref b, j + 6) + Vector512.Sum(a6) + Tail(ref r6, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 7) = Unsafe.Add(ref b, j + 7) + Vector512.Sum(a7) + Tail(ref r7, ref x, vectorEnd, inputs);
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
        for (; j + Rows / 2 <= outputs; j += Rows / 2)
        {
            ref float r0 = ref Unsafe.Add(ref w, (nint)j * inputs);
            ref float r1 = ref Unsafe.Add(ref r0, inputs);
            ref float r2 = ref Unsafe.Add(ref r1, inputs);
            ref float r3 = ref Unsafe.Add(ref r2, inputs);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < vectorEnd; i += width)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)i), v, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)i), v, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)i), v, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)i), v, a3);
            }

            Unsafe.Add(ref y, j) = Unsafe.Add(ref b, j) + Vector256.Sum(a0) + Tail(ref r0, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 1) = Unsafe.Add(ref b, j + 1) + Vector256.Sum(a1) + Tail(ref r1, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 2) = Unsafe.Add(ref b, j + 2) + Vector256.Sum(a2) + Tail(ref r2, ref x, vectorEnd, inputs);
            Unsafe.Add(ref y, j + 3) = Unsafe.Add(ref b, j + 3) + Vector256.Sum(a3) + Tail(ref r3, ref x, vectorEnd, inputs);
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
