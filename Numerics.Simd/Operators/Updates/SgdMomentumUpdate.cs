using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// SGD with momentum at element i: g' = g + λ·w, v ← μ·v + g', w ← w − η·v, or with Nesterov
/// w ← w − η·(g' + μ·v) (see <see cref="OptimizerUpdates.SgdMomentum"/>). No fused multiply-adds, in
/// the order written, at every width.
/// </summary>
internal readonly unsafe struct SgdMomentumUpdate(
    float* gradient, float learningRate, float momentum, float weightDecay, bool nesterov, float* velocity, float* parameters) : ILoopBody
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Vector<TWidth, TVector>(nuint i)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var w = TWidth.Load(parameters + i);
        var g = TWidth.Add(TWidth.Load(gradient + i), TWidth.Multiply(TWidth.Create(weightDecay), w));
        var v = TWidth.Add(TWidth.Multiply(TWidth.Create(momentum), TWidth.Load(velocity + i)), g);
        TWidth.Store(v, velocity + i);
        var step = nesterov ? TWidth.Add(g, TWidth.Multiply(TWidth.Create(momentum), v)) : v;
        TWidth.Store(TWidth.Subtract(w, TWidth.Multiply(TWidth.Create(learningRate), step)), parameters + i);
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
        float g = gradient[i] + weightDecay * w;
        float v = momentum * velocity[i] + g;
        velocity[i] = v;
        float step = nesterov ? g + momentum * v : v;
        parameters[i] = w - learningRate * step;
    }
}
