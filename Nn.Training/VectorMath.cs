using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nn.Training;

/// <summary>Small element-wise loops for the training code (System.Numerics.Vector, scalar tail).</summary>
internal static class VectorMath
{
    /// <summary>y += x, element-wise; the lengths are equal (checked by the caller).</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var sum = Vector.LoadUnsafe(ref yr, (nuint)i) + Vector.LoadUnsafe(ref xr, (nuint)i);
            sum.StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++) Unsafe.Add(ref yr, i) += Unsafe.Add(ref xr, i);
    }
}
