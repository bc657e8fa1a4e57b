namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(a, b, c) where c is a broadcast scalar parameter (for example
/// the slope of a leaky ReLU). The scalar and the vector version agree bit for bit.
/// </summary>
internal interface ITernaryOperator
{
    static abstract float Invoke(float a, float b, float c);

    static abstract TVector Invoke<TWidth, TVector>(TVector a, TVector b, TVector c)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;
}
