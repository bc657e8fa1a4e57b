using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// Inverted dropout in training: each output is kept with probability 1 − p and then scaled by 1/(1 − p), so
/// the expected output equals the input and inference (where dropout is off) needs no rescaling. The mask
/// (0 or 1/(1 − p) per element) comes from a <see cref="DropoutGenerator"/>, is kept for the backward pass
/// (dA = dH ⊙ mask) and is drawn in element order, so a seed gives the same masks on every run.
/// </summary>
internal static class Dropout
{
    /// <summary>Draws a mask for rate p into mask, then output = activated ⊙ mask.</summary>
    public static void Forward(ReadOnlySpan<float> activated, float rate, ref DropoutGenerator generator, Span<float> mask, Span<float> output)
    {
        float kept = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextUnit() < rate ? 0f : kept;
        Normalizations.Multiply(activated, mask, output);
    }

    /// <summary>gradient ⊙= mask (in place).</summary>
    public static void Backward(ReadOnlySpan<float> mask, Span<float> gradient) => Normalizations.Multiply(gradient, mask, gradient);
}

/// <summary>
/// A small seeded generator for dropout masks (SplitMix64: one multiply-xorshift chain per draw, no allocation,
/// the same sequence on every machine for a seed).
/// </summary>
internal struct DropoutGenerator(ulong seed)
{
    private ulong state = seed;

    /// <summary>A float in [0, 1) with 24 random bits.</summary>
    public float NextUnit()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (1f / (1 << 24));
    }
}
