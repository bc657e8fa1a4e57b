using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>ReLU derivative: dx = dy where x &gt; 0, else 0 (a = x, b = dy); ReLU′(0) = 0, a NaN x gives 0.</summary>
internal readonly struct ReluGradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 ? b : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.And(TWidth.GreaterThan(a, TWidth.Zero), b);
}
