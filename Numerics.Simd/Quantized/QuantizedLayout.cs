using System.Runtime.CompilerServices;

namespace Numerics.Simd;

/// <summary>
/// What the int8 and bfloat16 packed layouts share: the panel width of this process's path and
/// pinned, 64-byte aligned storage (pinned, so that a pointer taken once stays valid and aligned).
/// </summary>
internal static unsafe class QuantizedLayout
{
    /// <summary>
    /// NR of the bfloat16 layout, the outputs of one panel: one float lane per output in a vector
    /// of this path (16, 8, 4), and 4 on the scalar path, which gains nothing from wider panels.
    /// </summary>
    public static int FloatPanelWidth { get; } = Math.Max(4, Isa.VectorBits / 32);

    public const int AlignmentBytes = 64;

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A pinned array of at least <paramref name="count"/> values starting at a 64-byte boundary, and that start.</summary>
    public static T[] AllocateAligned<T>(long count, string name, int size, out int start)
        where T : unmanaged
    {
        long extra = AlignmentBytes / sizeof(T);
        if (count + extra > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(name, size, $"The packed weights for {name} = {size} do not fit in one array.");
        }

        var storage = GC.AllocateArray<T>((int)(count + extra), pinned: true);
        fixed (T* first = storage)
        {
            start = (int)((AlignmentBytes - ((nint)first & (AlignmentBytes - 1))) & (AlignmentBytes - 1)) / sizeof(T);
        }

        return storage;
    }

    /// <summary>The address of storage[start] (stable: the storage is pinned).</summary>
    public static T* Address<T>(T[] storage, int start)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref storage[start]);
}
