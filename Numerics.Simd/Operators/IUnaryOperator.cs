namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(x): a scalar version and one generic over the vector width
/// (<see cref="IVectorWidth{TVector}"/>), so that a shared driver (<see cref="UnaryDriver"/>) can own the
/// loop, the remainder and the instruction-set choice. Both must compute the same function bit for
/// bit, so that an element gives the same result whether it lands in a vector or in the scalar tail.
/// </summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;
}
