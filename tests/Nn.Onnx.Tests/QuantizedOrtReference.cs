using Nn.Dense;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// Naive references for the int8 export: ONNX Runtime's own dynamic-quantization scheme on one row (per-tensor, 8-bit
/// activations), and a bound on how far ONNX Runtime's and our Predict's outputs may each be from the unquantized
/// forward pass of the dequantized weights W̃ = scale_j·code_jp (so that they differ by at most the sum).
/// </summary>
/// <remarks>
/// <para>
/// ONNX Runtime's scheme for a row x (DynamicQuantizeLinear, MatMulInteger, then the float epilogue), computed as it does
/// in float32: lo = min(0, min x), hi = max(0, max x), a = (hi − lo)/255 (1 when hi = lo), zp = RNE(clamp(−lo/a, 0, 255)),
/// q_p = clamp(RNE(x_p/a) + zp, 0, 255); then z_j = (Σ_p (q_p − zp)·code_jp)·a·scale_j + b_j with the sum exact. Its float
/// epilogue (int → float, a·scale_j, the product, the bias) rounds four times: |ẑ − z| ≤ 4u·(|z − b| + |b|), u = 2^-24.
/// A code whose x_p/a lies within 2^-12 of a tie may round the other way under a different division (a reciprocal
/// multiply errs by a few ulps of a value below 256, ulp ≤ 2^-16): each such code adds a·scale_j·|code_jp| to the bound,
/// and a zero point at a tie adds a·scale_j·Σ_p |code_jp|.
/// </para>
/// <para>
/// The quantization bound, per layer and implementation, for inputs within d of the reference's x: each dequantized input
/// (code − zp)·s is within s/2 of the implementation's own input (the zero point is an integer and the clamps cut at most
/// half a step, as a code's range ends at the rounded ends of the row's range), where s ≤ (range(x) + 2·max d)/L, L = 127
/// for ours (7-bit codes per row) and 255 for ONNX Runtime's (8 bits); a further 2^-10 of it covers the float32 division.
/// The worst case, every rounding aligned with its weight's sign, is Σ_p |W̃_jp|·s/2 per layer: it grows with Σ|W| and
/// is 30 to 1000 times the errors seen in three layers, past σ at a layer normalization. So the bound is statistical:
/// the roundings of different inputs are independent and zero-mean (uniform within half a step, variance s²/12), and
/// an input error of bound d_p is taken as one of standard deviation d_p/K; z's error is then bounded by K = 6 standard
/// deviations, dz_j = K·√(Σ_p W̃_jp²·((d_p/K)² + s²/12)), plus 6u·(Σ_p |W̃_jp|·(|x_p| + d_p + s/2) + |b_j|) for either
/// epilogue's roundings. Layer normalization over n values: Δx̂_i = (Δz_i − mean Δz − x̂_i·mean(x̂⊙Δz))/σ to first order,
/// whose standard deviation under the same model is at most (δ_i + √(Σ_k δ_k²)/n + |x̂_i|·√(Σ_k x̂_k²δ_k²)/n)/σ, δ = dz/K;
/// K of those, with σ lowered to σ − 2·max dz (σ = √(mean (x − μ)² + ε) moves by at most twice the largest change of an
/// input) to cover the second-order terms; plus its own rounding as <see cref="ReferenceNormalizedForward"/> counts it. Activations as <see cref="ReferenceForward.Activate"/>.
/// </para>
/// </remarks>
internal static class QuantizedOrtReference
{
    private const double U = ReferenceForward.U;

    /// <summary>Standard deviations in the statistical bound: a normal variable passes 6σ with probability 2·10⁻⁹.</summary>
    private const double K = 6;

    /// <summary>One int8 layer in double: W̃ (outputs × inputs), its codes and scales, the bias, γ and β (null without layer normalization).</summary>
    public sealed record Layer(int Inputs, int Outputs, double[] Weights, sbyte[] Codes, double[] Scales, double[] Bias,
        double[]? Gamma, double[]? Beta, Activation Activation, double Parameter)
    {
        public static Layer[] Of(QuantizedNetwork network) => network.LayerData.ToArray().Select(quantized =>
        {
            var layer = (Int8QuantizedLayer)quantized;
            var weights = new double[layer.Codes.Length];
            // W̃ = s_p·scale_j·code_jp: the input factors are all 1 unless the layer is equalized.
            for (int i = 0; i < weights.Length; i++) weights[i] = (double)layer.InputScales[i % layer.Inputs] * layer.Scales[i / layer.Inputs] * layer.Codes[i];
            return new Layer(layer.Inputs, layer.Outputs, weights, layer.Codes.ToArray(), Widen(layer.Scales), Widen(layer.Bias),
                layer.HasLayerNormalization ? Widen(layer.NormalizationScale) : null,
                layer.HasLayerNormalization ? Widen(layer.NormalizationShift) : null, layer.Activation, layer.ActivationParameter);
        }).ToArray();

        private static double[] Widen(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();
    }

    /// <summary>ONNX Runtime's scheme on one row through one layer: the outputs and the bound on ONNX Runtime's distance from them.</summary>
    public static (double[] Values, double[] Bound) OrtScheme(Layer layer, ReadOnlySpan<float> row)
    {
        float lo = 0, hi = 0;
        foreach (float value in row) (lo, hi) = (Math.Min(lo, value), Math.Max(hi, value));
        float scale = hi == lo ? 1f : (hi - lo) / 255f;
        float zeroPointValue = Math.Clamp(0f - lo / scale, 0f, 255f);
        int zeroPoint = (int)MathF.Round(zeroPointValue);
        var steps = new int[row.Length];
        var tie = new bool[row.Length];
        for (int p = 0; p < row.Length; p++)
        {
            float ratio = row[p] / scale;
            steps[p] = Math.Clamp((int)MathF.Round(ratio) + zeroPoint, 0, 255) - zeroPoint;
            tie[p] = NearTie(ratio) || NearTie(zeroPointValue);
        }

        var z = new double[layer.Outputs];
        var dz = new double[layer.Outputs];
        for (int j = 0; j < layer.Outputs; j++)
        {
            long sum = 0;
            double slack = 0;
            for (int p = 0; p < layer.Inputs; p++)
            {
                int code = layer.Codes[j * layer.Inputs + p];
                sum += (long)steps[p] * code;
                if (tie[p]) slack += Math.Abs(code);
            }

            double columnScale = (double)scale * layer.Scales[j];
            z[j] = sum * columnScale + layer.Bias[j];
            dz[j] = 4 * U * (Math.Abs(sum * columnScale) + Math.Abs(layer.Bias[j])) + slack * columnScale;
        }

        return Tail(layer, z, dz);
    }

    /// <summary>
    /// The unquantized forward pass of W̃ on one row, and the bounds on our Predict's (7-bit rows) and ONNX Runtime's
    /// (8-bit tensors, run a row at a time) distances from it.
    /// </summary>
    public static (double[] Values, double[] Ours, double[] Ort) Trajectory(Layer[] layers, ReadOnlySpan<float> row)
    {
        var x = row.ToArray().Select(v => (double)v).ToArray();
        var ours = new double[x.Length];
        var ort = new double[x.Length];
        foreach (var layer in layers)
        {
            var z = new double[layer.Outputs];
            for (int j = 0; j < layer.Outputs; j++)
            {
                double sum = layer.Bias[j];
                for (int p = 0; p < layer.Inputs; p++) sum += layer.Weights[j * layer.Inputs + p] * x[p];
                z[j] = sum;
            }

            (_, ours) = Tail(layer, z, Linear(layer, x, ours, 127));
            (x, ort) = Tail(layer, z, Linear(layer, x, ort, 255));
        }

        return (x, ours, ort);
    }

    private static bool NearTie(float value) => Math.Abs(value - Math.Floor(value) - 0.5) < 1.0 / 4096;

    /// <summary>
    /// The bound on z = W̃·x + b for an implementation whose inputs are within d of x and quantized to <paramref name="levels"/>
    /// steps per row: K standard deviations of Σ_p W̃_jp·(Δx_p + e_p), the errors of different inputs taken as independent
    /// and zero-mean (e_p uniform within half a step, variance s²/12; Δx_p of standard deviation d_p/K), plus the epilogue's
    /// roundings.
    /// </summary>
    private static double[] Linear(Layer layer, double[] x, double[] d, int levels)
    {
        double range = Math.Max(0, x.Max()) - Math.Min(0, x.Min());
        double half = 0.5 * (range + 2 * d.Max()) / levels * (1 + 1.0 / 1024);
        double stepVariance = half * half / 3;
        var dz = new double[layer.Outputs];
        for (int j = 0; j < layer.Outputs; j++)
        {
            double variance = 0, magnitude = Math.Abs(layer.Bias[j]);
            for (int p = 0; p < layer.Inputs; p++)
            {
                double w = layer.Weights[j * layer.Inputs + p];
                variance += w * w * ((d[p] / K) * (d[p] / K) + stepVariance);
                magnitude += Math.Abs(w) * (Math.Abs(x[p]) + d[p] + half);
            }

            dz[j] = K * Math.Sqrt(variance) + 6 * U * magnitude;
        }

        return dz;
    }

    /// <summary>Layer normalization (when the layer has it) and the activation, with their bounds.</summary>
    private static (double[] Values, double[] Bound) Tail(Layer layer, double[] z, double[] dz)
    {
        if (layer.Gamma is not null) (z, dz) = LayerNormalization(z, dz, layer.Gamma, layer.Beta!);
        return ReferenceForward.Activate(layer.Activation, layer.Parameter, z, dz);
    }

    private static (double[] Values, double[] Bound) LayerNormalization(double[] z, double[] dz, double[] gamma, double[] beta)
    {
        int n = z.Length;
        const double epsilon = 1e-5;
        double mean = z.Average(), variance = z.Average(v => (v - mean) * (v - mean)), sigma = Math.Sqrt(variance + epsilon);
        double largest = dz.Max();
        double meanAbs = z.Average(Math.Abs), meanSquare = z.Average(v => v * v), meanDeviation = z.Average(v => Math.Abs(v - mean));
        double meanError = (n + 1) * U * meanAbs;
        double varianceError = (n + 4) * U * meanSquare + 2 * meanError * meanDeviation;
        double relative = (varianceError + U * (variance + epsilon)) / (2 * (variance + epsilon)) + 2 * U;
        var y = new double[n];
        var dy = new double[n];
        double meanDeviation2 = 0, weightedDeviation2 = 0;
        for (int k = 0; k < n; k++)
        {
            double deviation = dz[k] / K, normalizedK = (z[k] - mean) / sigma;
            meanDeviation2 += deviation * deviation;
            weightedDeviation2 += normalizedK * normalizedK * deviation * deviation;
        }

        for (int i = 0; i < n; i++)
        {
            double normalized = (z[i] - mean) / sigma;
            y[i] = gamma[i] * normalized + beta[i];
            double deviation = dz[i] / K + Math.Sqrt(meanDeviation2) / n + Math.Abs(normalized) * Math.Sqrt(weightedDeviation2) / n;
            double propagated = sigma > 2 * largest ? K * deviation / (sigma - 2 * largest) : double.PositiveInfinity;
            double own = (meanError + U * Math.Abs(z[i] - mean)) / sigma + Math.Abs(normalized) * (relative + U);
            dy[i] = Math.Abs(gamma[i]) * propagated + 2 * (Math.Abs(gamma[i]) * own + U * (Math.Abs(gamma[i] * normalized) + Math.Abs(y[i])));
        }

        return (y, dy);
    }
}
