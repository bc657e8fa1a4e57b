using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Plain SGD at element i: g' = g + λ·w, w ← w − η·g' (see <see cref="OptimizerUpdates.Sgd"/>).
/// Two roundings of the product and sum each, in the order written, at every width.
/// </summary>
internal readonly unsafe struct SgdUpdate(float* gradient, float learningRate, float weightDecay, float* parameters) : ILoopBody
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Vector<TWidth, TVector>(nuint i)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var w = TWidth.Load(parameters + i);
        var g = TWidth.Add(TWidth.Load(gradient + i), TWidth.Multiply(TWidth.Create(weightDecay), w));
        TWidth.Store(TWidth.Subtract(w, TWidth.Multiply(TWidth.Create(learningRate), g)), parameters + i);
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
        parameters[i] = w - learningRate * g;
    }
}
