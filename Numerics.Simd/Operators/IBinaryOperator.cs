namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(a, b); b may be a broadcast scalar (see
/// <see cref="BinaryDriver.RunScalar{TOperator}"/>). The scalar and the vector version agree bit for bit.
/// </summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float a, float b);

    static abstract TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged;
}
