using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>ReLU6 y = min(max(x, 0), 6), exact: NaN gives NaN, −0 gives +0, +∞ gives 6.</summary>
internal readonly struct Relu6Operator : IUnaryOperator
{
    private const float Ceiling = 6f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => float.IsNaN(x) ? x : (x > 0 ? (x > Ceiling ? Ceiling : x) : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var positive = TWidth.MaxWithZero(x);
        var ceiling = TWidth.Create(Ceiling);
        return TWidth.ConditionalSelect(TWidth.GreaterThan(positive, ceiling), ceiling, positive);
    }
}
