using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>Leaky ReLU derivative: dx = dy where x &gt; 0, else slope·dy (a = x, b = dy, c = slope).</summary>
internal readonly struct LeakyReluGradOperator : ITernaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float c) => a > 0 ? b : c * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<float>.Zero), b, c * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<float>.Zero), b, c * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), b, c * b);
}
