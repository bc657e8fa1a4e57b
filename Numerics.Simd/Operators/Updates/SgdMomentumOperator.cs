using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// SGD with momentum: g' = g + λ·w, v ← μ·v + g', w ← w − η·v, or with Nesterov w ← w − η·(g' + μ·v)
/// (see <see cref="OptimizerUpdates.SgdMomentum"/>); state 1 is the velocity v.
/// </summary>
internal readonly struct SgdMomentumOperator(float learningRate, float momentum, float weightDecay, bool nesterov) : IUpdateOperator
{
    public static int StateCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float gradient, ref float parameter, ref float state1, ref float state2)
    {
        float decayed = gradient + weightDecay * parameter;
        state1 = momentum * state1 + decayed;
        parameter -= learningRate * (nesterov ? decayed + momentum * state1 : state1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TWidth, TVector>(TVector gradient, ref TVector parameter, ref TVector state1, ref TVector state2)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var decayed = TWidth.Add(gradient, TWidth.Multiply(TWidth.Create(weightDecay), parameter));
        state1 = TWidth.Add(TWidth.Multiply(TWidth.Create(momentum), state1), decayed);
        var step = nesterov ? TWidth.Add(decayed, TWidth.Multiply(TWidth.Create(momentum), state1)) : state1;
        parameter = TWidth.Subtract(parameter, TWidth.Multiply(TWidth.Create(learningRate), step));
    }
}
