using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// ReLU6 derivative: dx = dy where 0 &lt; x &lt; 6, else 0 (a = x, b = dy); 0 at both kinks, as PyTorch's
/// hardtanh backward. A NaN x gives 0.
/// </summary>
internal readonly struct Relu6GradOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 && a < 6f ? b : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.And(TWidth.And(TWidth.GreaterThan(a, TWidth.Zero), TWidth.LessThan(a, TWidth.Create(6f))), b);
}
