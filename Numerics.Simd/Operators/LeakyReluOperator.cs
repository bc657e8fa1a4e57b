using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>Leaky ReLU y = x for x &gt; 0, else slope·x (b is the broadcast slope). NaN gives NaN.</summary>
internal readonly struct LeakyReluOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 ? a : b * a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.ConditionalSelect(TWidth.GreaterThan(a, TWidth.Zero), a, TWidth.Multiply(b, a));
}
