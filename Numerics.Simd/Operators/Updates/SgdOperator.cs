using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>Plain SGD: g' = g + λ·w, w ← w − η·g' (see <see cref="OptimizerUpdates.Sgd"/>); no state.</summary>
internal readonly struct SgdOperator(float learningRate, float weightDecay) : IUpdateOperator
{
    public static int StateCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float gradient, ref float parameter, ref float state1, ref float state2) =>
        parameter -= learningRate * (gradient + weightDecay * parameter);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TWidth, TVector>(TVector gradient, ref TVector parameter, ref TVector state1, ref TVector state2)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var decayed = TWidth.Add(gradient, TWidth.Multiply(TWidth.Create(weightDecay), parameter));
        parameter = TWidth.Subtract(parameter, TWidth.Multiply(TWidth.Create(learningRate), decayed));
    }
}
