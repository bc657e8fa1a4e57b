using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Adam with the bias corrections folded into two scalars: g' = g + λ·w, m ← β1·m + (1 − β1)·g',
/// v ← β2·v + (1 − β2)·g'², w ← w − s·(m / (√v·r + ε)) with s = η/(1 − β1^t) and r = 1/√(1 − β2^t)
/// (see <see cref="OptimizerUpdates.Adam"/>); state 1 is m, state 2 is v.
/// </summary>
internal readonly struct AdamOperator(in AdamOperator.Coefficients coefficients) : IUpdateOperator
{
    private readonly Coefficients c = coefficients;

    public static int StateCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float gradient, ref float parameter, ref float state1, ref float state2)
    {
        float decayed = gradient + c.WeightDecay * parameter;
        state1 = c.Beta1 * state1 + c.OneMinusBeta1 * decayed;
        state2 = c.Beta2 * state2 + c.OneMinusBeta2 * (decayed * decayed);
        parameter -= c.StepSize * (state1 / (MathF.Sqrt(state2) * c.InverseRootCorrection2 + c.Epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TWidth, TVector>(TVector gradient, ref TVector parameter, ref TVector state1, ref TVector state2)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var decayed = TWidth.Add(gradient, TWidth.Multiply(TWidth.Create(c.WeightDecay), parameter));
        state1 = TWidth.Add(TWidth.Multiply(TWidth.Create(c.Beta1), state1), TWidth.Multiply(TWidth.Create(c.OneMinusBeta1), decayed));
        state2 = TWidth.Add(
            TWidth.Multiply(TWidth.Create(c.Beta2), state2),
            TWidth.Multiply(TWidth.Create(c.OneMinusBeta2), TWidth.Multiply(decayed, decayed)));
        var denominator = TWidth.Add(TWidth.Multiply(TWidth.SquareRoot(state2), TWidth.Create(c.InverseRootCorrection2)), TWidth.Create(c.Epsilon));
        parameter = TWidth.Subtract(parameter, TWidth.Multiply(TWidth.Create(c.StepSize), TWidth.Divide(state1, denominator)));
    }

    /// <summary>The scalars of one Adam step, each rounded to float once.</summary>
    internal readonly record struct Coefficients(
        float StepSize, float InverseRootCorrection2, float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float Epsilon, float WeightDecay);
}
