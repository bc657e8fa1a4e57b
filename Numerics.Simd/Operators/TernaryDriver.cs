using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loop for y[i] = f(a[i], b[i], s) with a broadcast scalar s. Callers have checked lengths and
/// aliasing (y may be exactly a or b, never a partial overlap).
/// </summary>
internal static unsafe class TernaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunScalar<TOperator>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float s, Span<float> y)
        where TOperator : ITernaryOperator
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* py = y)
        {
            ElementwiseLoop.Run(new ScalarBody<TOperator>(pa, pb, s, py), (nuint)a.Length);
        }
    }

    private readonly struct ScalarBody<TOperator>(float* a, float* b, float s, float* y) : ILoopBody
        where TOperator : ITernaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TWidth, TVector>(nuint i)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged =>
            TWidth.Store(TOperator.Invoke<TWidth, TVector>(TWidth.Load(a + i), TWidth.Load(b + i), TWidth.Create(s)), y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PartialVector<TWidth, TVector>(nuint i, nuint count)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged
        {
            var result = TOperator.Invoke<TWidth, TVector>(
                TWidth.LoadFirst(a + i, count, TWidth.Zero), TWidth.LoadFirst(b + i, count, TWidth.Zero), TWidth.Create(s));
            TWidth.StoreFirst(result, y + i, count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Element(nuint i) => y[i] = TOperator.Invoke(a[i], b[i], s);
    }
}
