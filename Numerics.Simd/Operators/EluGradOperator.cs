using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// ELU derivative from the pre-activation: dx = dy for x &gt; 0, else dy·alpha·e^x (a = x, b = dy,
/// c = alpha); e^x within 2 ulp, then two roundings. The derivative at 0 is alpha (PyTorch's convention).
/// </summary>
internal readonly struct EluGradOperator : ITernaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b, float c) => a > 0 ? b : b * (c * ExpKernel.Exp(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b, TVector c)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.ConditionalSelect(
            TWidth.GreaterThan(a, TWidth.Zero),
            b,
            TWidth.Multiply(b, TWidth.Multiply(c, ExpKernel.Exp<TWidth, TVector>(a))));
}
