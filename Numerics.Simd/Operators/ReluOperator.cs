using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// ReLU y = max(x, 0) with IEEE maximum semantics: NaN gives NaN, −0 gives +0.
/// </summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => float.IsNaN(x) ? x : (x > 0 ? x : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.MaxWithZero(x);
}
