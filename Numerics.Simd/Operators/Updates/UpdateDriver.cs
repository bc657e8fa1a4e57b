using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loop for an optimizer update: for every i, (w[i], s1[i], s2[i]) = f(g[i], w[i], s1[i], s2[i])
/// in place, with as many state arrays as the operator uses. Callers have checked that the arrays
/// have one length and do not overlap.
/// </summary>
internal static unsafe class UpdateDriver
{
    public static void Run<TOperator>(TOperator update, float* gradient, float* parameters, float* state1, float* state2, nuint n)
        where TOperator : struct, IUpdateOperator =>
        ElementwiseLoop.Run(new Body<TOperator>(update, gradient, parameters, state1, state2), n);

    private readonly struct Body<TOperator>(TOperator update, float* gradient, float* parameters, float* state1, float* state2) : ILoopBody
        where TOperator : struct, IUpdateOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TWidth, TVector>(nuint i)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged
        {
            var w = TWidth.Load(parameters + i);
            var s1 = TOperator.StateCount > 0 ? TWidth.Load(state1 + i) : TWidth.Zero;
            var s2 = TOperator.StateCount > 1 ? TWidth.Load(state2 + i) : TWidth.Zero;
            update.Invoke<TWidth, TVector>(TWidth.Load(gradient + i), ref w, ref s1, ref s2);
            TWidth.Store(w, parameters + i);
            if (TOperator.StateCount > 0) TWidth.Store(s1, state1 + i);
            if (TOperator.StateCount > 1) TWidth.Store(s2, state2 + i);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void PartialVector<TWidth, TVector>(nuint i, nuint count)
            where TWidth : IVectorWidth<TVector>
            where TVector : unmanaged
        {
            var w = TWidth.LoadFirst(parameters + i, count, TWidth.Zero);
            var s1 = TOperator.StateCount > 0 ? TWidth.LoadFirst(state1 + i, count, TWidth.Zero) : TWidth.Zero;
            var s2 = TOperator.StateCount > 1 ? TWidth.LoadFirst(state2 + i, count, TWidth.Zero) : TWidth.Zero;
            update.Invoke<TWidth, TVector>(TWidth.LoadFirst(gradient + i, count, TWidth.Zero), ref w, ref s1, ref s2);
            TWidth.StoreFirst(w, parameters + i, count);
            if (TOperator.StateCount > 0) TWidth.StoreFirst(s1, state1 + i, count);
            if (TOperator.StateCount > 1) TWidth.StoreFirst(s2, state2 + i, count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Element(nuint i)
        {
            float unused = 0;
            ref float s1 = ref TOperator.StateCount > 0 ? ref state1[i] : ref unused;
            ref float s2 = ref TOperator.StateCount > 1 ? ref state2[i] : ref unused;
            update.Invoke(gradient[i], ref parameters[i], ref s1, ref s2);
        }
    }
}
