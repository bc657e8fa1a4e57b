using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// A loop body written once for whole and partial vectors: <see cref="At{TWidth, TVector}"/> handles count
/// lanes from i (count = width but for a masked tail), loading and storing through <see cref="Lanes"/>.
/// </summary>
internal interface ICountedBody
{
    void At<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;

    void Element(nuint i);
}

/// <summary>An <see cref="ICountedBody"/> as the <see cref="ILoopBody"/> that <see cref="ElementwiseLoop"/> runs.</summary>
internal readonly struct Counted<TBody>(TBody body) : ILoopBody
    where TBody : struct, ICountedBody
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Vector<TWidth, TVector>(nuint i)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged => body.At<TWidth, TVector>(i, (nuint)TWidth.Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PartialVector<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged => body.At<TWidth, TVector>(i, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i) => body.Element(i);
}
