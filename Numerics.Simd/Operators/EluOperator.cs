using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// ELU y = x for x &gt; 0, else alpha·(e^x − 1) (b is the broadcast alpha). e^x − 1 is
/// <see cref="ExpKernel.ExpMinusOne(float)"/> (no cancellation for small |x|), with x first raised to −20,
/// where e^x − 1 rounds to −1 in float, so −∞ gives −alpha. NaN gives NaN.
/// </summary>
internal readonly struct EluOperator : IBinaryOperator
{
    private const float Floor = -20f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a > 0 ? a : b * ExpKernel.ExpMinusOne(a < Floor ? Floor : a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var floor = TWidth.Create(Floor);
        var negative = TWidth.Multiply(b, ExpKernel.ExpMinusOne<TWidth, TVector>(TWidth.ConditionalSelect(TWidth.LessThan(a, floor), floor, a)));
        return TWidth.ConditionalSelect(TWidth.GreaterThan(a, TWidth.Zero), a, negative);
    }
}
