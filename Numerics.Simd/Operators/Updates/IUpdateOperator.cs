namespace Numerics.Simd.Operators;

/// <summary>
/// An optimizer's in-place update of one parameter and up to two state values (momentum, moments)
/// from its gradient, element-wise: a scalar version and one generic over the vector width, which
/// agree bit for bit (no fused multiply-adds, the same order). The operator is a struct holding the
/// step's scalars; <see cref="UpdateDriver"/> owns the loads, stores and the loop.
/// </summary>
internal interface IUpdateOperator
{
    /// <summary>How many state arrays the update reads and writes (0, 1 or 2); the others are not touched.</summary>
    static abstract int StateCount { get; }

    void Invoke(float gradient, ref float parameter, ref float state1, ref float state2);

    void Invoke<TWidth, TVector>(TVector gradient, ref TVector parameter, ref TVector state1, ref TVector state2)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;
}
