using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Adam at element i with the bias corrections folded into two scalars: g' = g + λ·w,
/// m ← β1·m + (1 − β1)·g', v ← β2·v + (1 − β2)·g'², w ← w − s·(m / (√v·r + ε)) with
/// s = η/(1 − β1^t) and r = 1/√(1 − β2^t) (see <see cref="OptimizerUpdates.Adam"/>). No fused
/// multiply-adds, in the order written, at every width.
/// </summary>
internal readonly unsafe struct AdamUpdate(float* gradient, in AdamUpdate.Coefficients coefficients, float* firstMoment, float* secondMoment, float* parameters)
    : ILoopBody
{
    private readonly Coefficients c = coefficients;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Vector<TWidth, TVector>(nuint i)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var w = TWidth.Load(parameters + i);
        var g = TWidth.Add(TWidth.Load(gradient + i), TWidth.Multiply(TWidth.Create(c.WeightDecay), w));
        var m = TWidth.Add(TWidth.Multiply(TWidth.Create(c.Beta1), TWidth.Load(firstMoment + i)), TWidth.Multiply(TWidth.Create(c.OneMinusBeta1), g));
        var v = TWidth.Add(
            TWidth.Multiply(TWidth.Create(c.Beta2), TWidth.Load(secondMoment + i)),
            TWidth.Multiply(TWidth.Create(c.OneMinusBeta2), TWidth.Multiply(g, g)));
        TWidth.Store(m, firstMoment + i);
        TWidth.Store(v, secondMoment + i);
        var denominator = TWidth.Add(TWidth.Multiply(TWidth.SquareRoot(v), TWidth.Create(c.InverseRootCorrection2)), TWidth.Create(c.Epsilon));
        TWidth.Store(TWidth.Subtract(w, TWidth.Multiply(TWidth.Create(c.StepSize), TWidth.Divide(m, denominator))), parameters + i);
    }

    // A masked tail over several arrays would not pay for itself: the last elements go one by one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PartialVector<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        for (nuint end = i + count; i < end; i++) Element(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        float w = parameters[i];
        float g = gradient[i] + c.WeightDecay * w;
        float m = c.Beta1 * firstMoment[i] + c.OneMinusBeta1 * g;
        float v = c.Beta2 * secondMoment[i] + c.OneMinusBeta2 * (g * g);
        firstMoment[i] = m;
        secondMoment[i] = v;
        float denominator = MathF.Sqrt(v) * c.InverseRootCorrection2 + c.Epsilon;
        parameters[i] = w - c.StepSize * (m / denominator);
    }

    /// <summary>The scalars of one Adam step, each rounded to float once.</summary>
    internal readonly record struct Coefficients(
        float StepSize, float InverseRootCorrection2, float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float Epsilon, float WeightDecay);
}
