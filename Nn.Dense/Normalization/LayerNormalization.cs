using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// Layer normalization of each row of a batch × outputs matrix over its outputs (LayerNorm, affine, ε = 10⁻⁵):
/// x̂ = (z − μ_row)/√(σ²_row + ε), y = γ·x̂ + β, the same in training and at inference; the work is
/// <see cref="Normalizations.LayerNormalize"/>, one fused pass per row.
/// </summary>
internal static class LayerNormalization
{
    public const float Epsilon = 1e-5f;

    /// <summary>Forward; normalized (x̂) and inverseStd (one r per row) may be empty at inference; y may be z.</summary>
    public static void Forward(ReadOnlySpan<float> z, int batch, int outputs, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        Span<float> normalized, Span<float> inverseStd, Span<float> y) =>
        Normalizations.LayerNormalize(z, batch, outputs, Epsilon, scale, shift, normalized, inverseStd, y);

    /// <summary>Backward from dY (in place to dZ), with x̂ and r kept by the forward pass.</summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> scale, Span<float> gradient,
        int batch, int outputs, Span<float> scaleGrad, Span<float> shiftGrad) =>
        Normalizations.LayerNormalizeGrad(normalized, inverseStd[..batch], scale, gradient, batch, outputs, gradient, scaleGrad, shiftGrad);
}
