using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(a, b, c) where c is a broadcast scalar parameter (for example
/// the slope of a leaky ReLU). Overloads agree bit for bit.
/// </summary>
internal interface ITernaryOperator
{
    static abstract float Invoke(float a, float b, float c);

    static abstract Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c);

    static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c);

    static abstract Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c);
}
