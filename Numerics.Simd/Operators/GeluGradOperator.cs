using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// GELU derivative from the pre-activation: dx = dy·(Φ(x) + x·φ(x)) (a = x, b = dy), with
/// <see cref="ErfKernel.GeluDerivative(float)"/>; exactly dy above x = 15 and 0 below −15.
/// </summary>
internal readonly struct GeluGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => b * ErfKernel.GeluDerivative(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.Multiply(b, ErfKernel.GeluDerivative<TWidth, TVector>(a));
}
