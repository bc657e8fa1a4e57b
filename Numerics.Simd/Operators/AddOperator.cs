using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>y = a + b (the column sums of <see cref="Reductions.AddColumnSums"/>).</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Invoke<TWidth, TVector>(TVector a, TVector b)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged =>
        TWidth.Add(a, b);
}
