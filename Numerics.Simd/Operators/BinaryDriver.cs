using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loops for y[i] = f(a[i], b[i]) and y[i] = f(a[i], s). Callers have checked lengths and
/// aliasing (y may be exactly a or b, never a partial overlap).
/// </summary>
internal static unsafe class BinaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOperator>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
        where TOperator : IBinaryOperator
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* py = y)
        {
            ElementwiseLoop.Run(new Body<TOperator>(pa, pb, py), (nuint)a.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunScalar<TOperator>(ReadOnlySpan<float> a, float s, Span<float> y)
        where TOperator : IBinaryOperator
    {
        fixed (float* pa = a)
        fixed (float* py = y)
        {
            ElementwiseLoop.Run(new ScalarBody<TOperator>(pa, s, py), (nuint)a.Length);
        }
    }

    private readonly struct Body<TOperator>(float* a, float* b, float* y) : ILoopBody
        where TOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TWidth, TVector>(nuint i)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged =>
            TWidth.Store(TOperator.Invoke<TWidth, TVector>(TWidth.Load(a + i), TWidth.Load(b + i)), y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PartialVector<TWidth, TVector>(nuint i, nuint count)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged
        {
            var result = TOperator.Invoke<TWidth, TVector>(TWidth.LoadFirst(a + i, count, TWidth.Zero), TWidth.LoadFirst(b + i, count, TWidth.Zero));
            TWidth.StoreFirst(result, y + i, count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Element(nuint i) => y[i] = TOperator.Invoke(a[i], b[i]);
    }

    private readonly struct ScalarBody<TOperator>(float* a, float s, float* y) : ILoopBody
        where TOperator : IBinaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TWidth, TVector>(nuint i)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged =>
            TWidth.Store(TOperator.Invoke<TWidth, TVector>(TWidth.Load(a + i), TWidth.Create(s)), y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PartialVector<TWidth, TVector>(nuint i, nuint count)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged
        {
            var result = TOperator.Invoke<TWidth, TVector>(TWidth.LoadFirst(a + i, count, TWidth.Zero), TWidth.Create(s));
            TWidth.StoreFirst(result, y + i, count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Element(nuint i) => y[i] = TOperator.Invoke(a[i], s);
    }
}
