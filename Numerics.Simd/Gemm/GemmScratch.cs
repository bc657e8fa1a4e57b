using System.Runtime.InteropServices;

namespace Numerics.Simd;

/// <summary>
/// Per-thread, 64-byte aligned packing buffers, grown on demand and reused, so no GEMM call
/// allocates after the first on a thread. Freed by the finalizer when the thread dies.
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic] private static GemmScratch? current;

    private float* buffer;
    private nuint capacity;

    public static GemmScratch ForThisThread => current ??= new GemmScratch();

    /// <summary>A buffer of at least <paramref name="floats"/> floats, 64-byte aligned; contents undefined.</summary>
    public float* Get(nuint floats)
    {
        if (floats > capacity)
        {
            NativeMemory.AlignedFree(buffer);
            buffer = null;
            capacity = 0;
            buffer = (float*)NativeMemory.AlignedAlloc(floats * sizeof(float), 64);
            capacity = floats;
        }

        return buffer;
    }

    ~GemmScratch() => NativeMemory.AlignedFree(buffer);
}
