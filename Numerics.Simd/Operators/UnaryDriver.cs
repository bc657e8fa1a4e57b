using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loop for y[i] = f(x[i]). Callers have checked lengths (y.Length ≥ x.Length) and that x and
/// y either are the same memory or do not overlap.
/// </summary>
internal static unsafe class UnaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : IUnaryOperator
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            Run<TOperator>(px, py, (nuint)x.Length);
        }
    }

    /// <summary>y[i] = f(x[i]) for i &lt; n; inlined into callers that loop over rows (the GEMM epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TOperator>(float* px, float* py, nuint n)
        where TOperator : IUnaryOperator =>
        ElementwiseLoop.Run(new Body<TOperator>(px, py), n);

    private readonly struct Body<TOperator>(float* x, float* y) : ILoopBody
        where TOperator : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TWidth, TVector>(nuint i)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged =>
            TWidth.Store(TOperator.Invoke<TWidth, TVector>(TWidth.Load(x + i)), y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PartialVector<TWidth, TVector>(nuint i, nuint count)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged =>
            TWidth.StoreFirst(TOperator.Invoke<TWidth, TVector>(TWidth.LoadFirst(x + i, count, TWidth.Zero)), y + i, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Element(nuint i) => y[i] = TOperator.Invoke(x[i]);
    }
}
