using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>Sigmoid derivative from the output: dx = (dy·y)·(1 − y) (a = y, b = dy); ≤ 3 roundings.</summary>
internal readonly struct SigmoidGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => b * a * (1f - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => b * a * (Vector128<float>.One - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => b * a * (Vector256<float>.One - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => b * a * (Vector512<float>.One - a);
}
