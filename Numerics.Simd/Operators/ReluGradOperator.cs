using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>ReLU derivative: dx = dy where x &gt; 0, else 0 (a = x, b = dy); ReLU′(0) = 0, a NaN x gives 0.</summary>
internal readonly struct ReluGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 ? b : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) =>
        Vector128.GreaterThan(a, Vector128<float>.Zero) & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) =>
        Vector256.GreaterThan(a, Vector256<float>.Zero) & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) =>
        Vector512.GreaterThan(a, Vector512<float>.Zero) & b;
}
