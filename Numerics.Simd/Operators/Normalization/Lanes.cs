using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Loads and stores of either a whole vector (count = width) or its first count lanes, so that a loop
/// body writes its arithmetic once for <see cref="ILoopBody.Vector{TWidth, TVector}"/> and
/// <see cref="ILoopBody.PartialVector{TWidth, TVector}"/>. The test on count is the same for every lane
/// of a call and predicted for every call but the last.
/// </summary>
internal static unsafe class Lanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Load<TWidth, TVector>(float* source, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        count == (nuint)TWidth.Count ? TWidth.Load(source) : TWidth.LoadFirst(source, count, TWidth.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TWidth, TVector>(TVector value, float* destination, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        if (count == (nuint)TWidth.Count) TWidth.Store(value, destination);
        else TWidth.StoreFirst(value, destination, count);
    }
}
