using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(x), written once per vector width so that a shared driver
/// (<see cref="UnaryDriver"/>) can own the loop, the remainder and the instruction-set choice.
/// Every overload must compute the same function bit for bit, so that an element gives the same
/// result whether it lands in a vector or in the scalar tail.
/// </summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}
