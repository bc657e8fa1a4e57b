using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>Leaky ReLU y = x for x &gt; 0, else slope·x (b is the broadcast slope). NaN gives NaN.</summary>
internal readonly struct LeakyReluOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 ? a : b * a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<float>.Zero), a, b * a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<float>.Zero), a, b * a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), a, b * a);
}
