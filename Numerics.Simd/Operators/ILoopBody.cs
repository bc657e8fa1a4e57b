namespace Numerics.Simd.Operators;

/// <summary>
/// The body of an element-wise loop: what happens at position i for one full vector, for the last
/// partial vector (only at widths whose <see cref="IVectorWidth{TVector}.MasksTail"/> is true), and for
/// one element. A body is a struct that holds its pointers and scalars and does its own loads and
/// stores; <see cref="ElementwiseLoop"/> owns the index, the unrolling, the remainder and the
/// instruction-set choice, so that each loop shape is written once for every width.
/// </summary>
internal interface ILoopBody
{
    /// <summary>Elements [i, i + TWidth.Count).</summary>
    void Vector<TWidth, TVector>(nuint i)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;

    /// <summary>Elements [i, i + count), count &lt; TWidth.Count, with masked loads and stores.</summary>
    void PartialVector<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;

    /// <summary>Element i alone; bit for bit what <see cref="Vector{TWidth, TVector}"/> gives for it.</summary>
    void Element(nuint i);
}
