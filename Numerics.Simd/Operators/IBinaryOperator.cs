using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// An element-wise operation y = f(a, b); b may be a broadcast scalar (see
/// <see cref="BinaryDriver.RunScalar{TOperator}"/>). Overloads agree bit for bit.
/// </summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float a, float b);

    static abstract Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);

    static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);

    static abstract Vector512<float> Invoke(Vector512<float> a, Vector512<float> b);
}
