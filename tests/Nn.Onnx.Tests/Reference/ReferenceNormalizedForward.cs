using System.Text.Json;
using Nn.Dense;

namespace Nn.Onnx.Tests.Reference;

/// <summary>
/// Naive double-precision forward pass of a PyTorch model given as its steps (parameters.json written by
/// scripts/torch-normalization-onnx.py: linear, batchnorm, layernorm, activation, in module order), with a first-order
/// bound d per output on how far any float32 implementation may be: PyTorch's (normalization as its own operation),
/// ours (batch normalization folded into W and b), ONNX Runtime's (layer normalization in one pass).
/// </summary>
/// <remarks>
/// u = 2^-24, γ_n = n·u/(1 − n·u), K the largest layer input count in the model. Per step, from the input's value a and bound d:
/// <list type="bullet">
/// <item>Linear: z_i = b_i + Σ_j w_ij·a_j, M_i = |b_i| + Σ_j |w_ij|·(|a_j| + d_j), dz_i = Σ_j |w_ij|·d_j + γ_(K+2)·M_i: the GEMM
/// bound of <see cref="ReferenceForward"/> with one more u for weights that carry a folded batch normalization (each rounded once).</item>
/// <item>Batch normalization y = s⊙x + t, s = γ/√(var + ε), t = β − s⊙mean: dy_i = |s_i|·dx_i + (γ_(K+2) + 7u)·(|s_i|·(m_i + |mean_i|) + |β_i|),
/// with m_i the input's magnitude (M_i after a linear step, |x_i| + dx_i otherwise). The 7u covers PyTorch's six roundings
/// (Sub, Add ε, Sqrt, Div, Mul γ, Add β); the γ_(K+2) term covers ours: folded before the activation, W' = fl(s·W) and
/// b' = fl(s⊙b + t) add u·|s|·M + u·|b'| to the next GEMM's rounding; folded into the next layer, W'' = fl(W·diag(s)),
/// b'' = fl(b + W·t) make that GEMM's rounding γ_(K+2)·(|b| + Σ_j |w_ij|·(|t_j| + |s_j|·(|x_j| + dx_j))), which Σ_j |w_ij|·dy_j
/// contains since |t_j| ≤ |β_j| + |s_j|·|mean_j|.</item>
/// <item>Layer normalization over n values (μ, var, σ = √(var + ε), x̂ = (z − μ)/σ, y = γ⊙x̂ + β): to first order
/// Δx̂_i = (Δz_i − mean Δz − x̂_i·mean(x̂⊙Δz))/σ and mean|x̂| ≤ 1, so the input's bound gives |γ_i|·(dz_i + D·(1 + |x̂_i|))/σ,
/// D = max_j dz_j. Own rounding, for a two-pass (ours, PyTorch's) or one-pass (ONNX Runtime's mean of squares) variance:
/// |Δμ| ≤ (n + 1)·u·mean|z|, |Δvar| ≤ (n + 4)·u·mean(z²) + 2·|Δμ|·mean|z − μ|, 1/σ relative (|Δvar| + u·(var + ε))/(2(var + ε)) + 2u,
/// then |Δx̂_i| ≤ (|Δμ| + u·|z_i − μ|)/σ + |x̂_i|·(that relative error + u) and u·(|γ_i·x̂_i| + |y_i|) for the affine step;
/// the own rounding is doubled to cover second-order terms and the order of operations.</item>
/// <item>Activation: <see cref="ReferenceForward.Activate"/>.</item>
/// </list>
/// Two implementations each within d of the reference differ by at most 2d: that is the tolerance the tests use.
/// </remarks>
public static class ReferenceNormalizedForward
{
    private const double U = ReferenceForward.U;

    public static JsonElement[] ReadSteps(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();

    /// <summary>Runs one sample; returns the exact-in-double outputs and the per-element bound d.</summary>
    public static (double[] Values, double[] Bound) Run(JsonElement[] steps, ReadOnlySpan<float> input)
    {
        int largest = steps.Where(s => s.GetProperty("op").GetString() == "linear").Max(s => s.GetProperty("inputs").GetInt32());
        double gamma = ReferenceForward.Gamma(largest + 2);
        var a = new double[input.Length];
        for (int j = 0; j < a.Length; j++) a[j] = input[j];
        var d = new double[input.Length];
        double[]? magnitude = null;   // M of the latest linear step, while nothing else has run after it
        foreach (var step in steps)
        {
            switch (step.GetProperty("op").GetString())
            {
                case "linear": (a, d, magnitude) = Linear(step, a, d, gamma); continue;
                case "batchnorm": (a, d) = BatchNorm(step, a, d, magnitude, gamma); break;
                case "layernorm": (a, d) = LayerNorm(step, a, d); break;
                case "activation": (a, d) = ReferenceForward.Activate(ActivationOf(step.GetProperty("name").GetString()!), 0.01, a, d); break;
                default: throw new InvalidDataException($"unknown step {step}");
            }

            magnitude = null;
        }

        return (a, d);
    }

    private static (double[] Z, double[] D, double[] M) Linear(JsonElement step, double[] a, double[] d, double gamma)
    {
        var weights = Doubles(step, "weight");
        var biases = Doubles(step, "bias");
        int inputs = a.Length, outputs = biases.Length;
        var z = new double[outputs];
        var dz = new double[outputs];
        var magnitude = new double[outputs];
        for (int i = 0; i < outputs; i++)
        {
            double sum = biases[i], propagated = 0, size = Math.Abs(biases[i]);
            for (int j = 0; j < inputs; j++)
            {
                double w = weights[i * inputs + j];
                sum += w * a[j];
                propagated += Math.Abs(w) * d[j];
                size += Math.Abs(w) * (Math.Abs(a[j]) + d[j]);
            }

            (z[i], dz[i], magnitude[i]) = (sum, propagated + gamma * size, size);
        }

        return (z, dz, magnitude);
    }

    private static (double[] Y, double[] D) BatchNorm(JsonElement step, double[] x, double[] dx, double[]? magnitude, double gamma)
    {
        var (scale, shift, mean, variance) = (Doubles(step, "scale"), Doubles(step, "shift"), Doubles(step, "mean"), Doubles(step, "variance"));
        double epsilon = step.GetProperty("epsilon").GetDouble();
        var y = new double[x.Length];
        var dy = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double s = scale[i] / Math.Sqrt(variance[i] + epsilon);
            double size = magnitude?[i] ?? Math.Abs(x[i]) + dx[i];
            y[i] = s * (x[i] - mean[i]) + shift[i];
            dy[i] = Math.Abs(s) * dx[i] + (gamma + 7 * U) * (Math.Abs(s) * (size + Math.Abs(mean[i])) + Math.Abs(shift[i]));
        }

        return (y, dy);
    }

    private static (double[] Y, double[] D) LayerNorm(JsonElement step, double[] z, double[] dz)
    {
        var (scale, shift) = (Doubles(step, "scale"), Doubles(step, "shift"));
        double epsilon = step.GetProperty("epsilon").GetDouble();
        int n = z.Length;
        double mu = z.Average();
        double variance = z.Average(v => (v - mu) * (v - mu));
        double sigma = Math.Sqrt(variance + epsilon);
        double worst = dz.Max();
        double meanError = (n + 1) * U * z.Average(Math.Abs);
        double varianceError = (n + 4) * U * z.Average(v => v * v) + 2 * meanError * z.Average(v => Math.Abs(v - mu));
        double inverseError = (varianceError + U * (variance + epsilon)) / (2 * (variance + epsilon)) + 2 * U;
        var y = new double[n];
        var dy = new double[n];
        for (int i = 0; i < n; i++)
        {
            double normalized = (z[i] - mu) / sigma;
            y[i] = scale[i] * normalized + shift[i];
            double propagated = Math.Abs(scale[i]) * (dz[i] + worst * (1 + Math.Abs(normalized))) / sigma;
            double normalizedError = (meanError + U * Math.Abs(z[i] - mu)) / sigma + Math.Abs(normalized) * (inverseError + U);
            double own = Math.Abs(scale[i]) * normalizedError + U * (Math.Abs(scale[i] * normalized) + Math.Abs(y[i]));
            dy[i] = propagated + 2 * own;
        }

        return (y, dy);
    }

    private static Activation ActivationOf(string name) => name switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "gelu" => Activation.Gelu,
        _ => throw new InvalidDataException($"unknown activation {name}"),
    };

    private static double[] Doubles(JsonElement step, string name) => step.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
