using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// Batch normalization over a batch × outputs matrix Z (BatchNorm1d, affine, ε = 10⁻⁵, momentum 0.1).
/// Training: μ_j and the biased σ²_j over the batch, x̂ = (Z − μ)/√(σ² + ε), Y = γ·x̂ + β, and the running
/// statistics move toward the batch's: mean ← (1 − m)·mean + m·μ, variance ← (1 − m)·variance + m·σ²·N/(N − 1)
/// (the unbiased variance, as PyTorch; a batch of one leaves them unchanged). Inference: the running
/// statistics in place of the batch's, which <see cref="Fold"/> turns into an exact affine map of W and b.
/// </summary>
internal static class BatchNormalization
{
    public const float Epsilon = 1e-5f;
    public const float Momentum = 0.1f;

    /// <summary>Training forward. statistics holds at least 3·outputs floats; r = 1/√(σ² + ε) stays in its first outputs.</summary>
    public static void ForwardTraining(Span<float> z, int batch, int outputs, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        Span<float> runningMean, Span<float> runningVariance, Span<float> statistics, Span<float> y)
    {
        var inverseStd = statistics[..outputs];
        var mean = statistics.Slice(outputs, outputs);
        var variance = statistics.Slice(2 * outputs, outputs);
        Normalizations.ColumnMeanAndVariance(z, batch, outputs, mean, variance);
        for (int j = 0; j < outputs; j++) inverseStd[j] = 1f / MathF.Sqrt(variance[j] + Epsilon);
        Normalizations.NormalizeColumns(z, batch, outputs, mean, inverseStd, scale, shift, z, y);
        if (batch < 2) return;
        float unbiased = batch / (batch - 1f);
        for (int j = 0; j < outputs; j++)
        {
            runningMean[j] = (1 - Momentum) * runningMean[j] + Momentum * mean[j];
            runningVariance[j] = (1 - Momentum) * runningVariance[j] + Momentum * variance[j] * unbiased;
        }
    }

    /// <summary>Inference forward with the running statistics: Y = γ·(Z − mean)/√(variance + ε) + β; statistics holds 2·outputs floats.</summary>
    public static void ForwardInference(ReadOnlySpan<float> z, int batch, int outputs, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> statistics, Span<float> y)
    {
        var inverseStd = statistics[..outputs];
        for (int j = 0; j < outputs; j++) inverseStd[j] = 1f / MathF.Sqrt(runningVariance[j] + Epsilon);
        Normalizations.NormalizeColumns(z, batch, outputs, runningMean, inverseStd, scale, shift, Span<float>.Empty, y);
    }

    /// <summary>Backward from dY (in place to dZ); x̂ in normalized, r in statistics[..outputs], 3·outputs scratch after it.</summary>
    public static void Backward(ReadOnlySpan<float> normalized, Span<float> statistics, ReadOnlySpan<float> scale, Span<float> gradient,
        int batch, int outputs, Span<float> scaleGrad, Span<float> shiftGrad) =>
        Normalizations.NormalizeColumnsGrad(normalized, statistics[..outputs], scale, gradient, batch, outputs,
            statistics.Slice(outputs, 3 * outputs), gradient, scaleGrad, shiftGrad);

    /// <summary>
    /// The inference map folded into the layer: s_o = γ_o/√(variance_o + ε), W'_o· = s_o·W_o·, b'_o = s_o·(b_o − mean_o) + β_o,
    /// so that W'·a + b' = γ·(W·a + b − mean)/√(variance + ε) + β exactly in real arithmetic.
    /// </summary>
    public static void Fold(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int inputs, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> foldedWeights, Span<float> foldedBiases)
    {
        for (int o = 0; o < biases.Length; o++)
        {
            double s = scale[o] / Math.Sqrt((double)runningVariance[o] + Epsilon);
            for (int i = 0; i < inputs; i++) foldedWeights[o * inputs + i] = (float)(s * weights[o * inputs + i]);
            foldedBiases[o] = (float)(s * ((double)biases[o] - runningMean[o]) + shift[o]);
        }
    }
}
