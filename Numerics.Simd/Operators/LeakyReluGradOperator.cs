using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>Leaky ReLU derivative: dx = dy where x &gt; 0, else slope·dy (a = x, b = dy, c = slope).</summary>
internal readonly struct LeakyReluGradOperator : ITernaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float c) => a > 0 ? b : c * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b, TVector c)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.ConditionalSelect(TWidth.GreaterThan(a, TWidth.Zero), b, TWidth.Multiply(c, b));
}
