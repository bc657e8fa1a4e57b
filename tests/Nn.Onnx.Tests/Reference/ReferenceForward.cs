using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Onnx.Tests.Reference;

/// <summary>
/// Naive double-precision forward pass with a rigorous first-order bound on how far any float32
/// implementation of the same network (ours, ONNX Runtime) may be from it, per output element.
/// </summary>
/// <remarks>
/// Error model, per layer, for one implementation whose inputs â are within d of the exact a:
/// <list type="bullet">
/// <item>Pre-activation: ẑ_i = fl(b_i + Σ_j w_ij·â_j) in any order or blocking, with or without FMA, so
/// |ẑ_i − z_i| ≤ Σ_j |w_ij|·d_j + γ_(k+1)·(|b_i| + Σ_j |w_ij|·(|a_j| + d_j)), γ_n = n·u/(1 − n·u), u = 2^-24
/// (Higham, Accuracy and Stability, §3.1).</item>
/// <item>Activation: |f̂(ẑ) − f(z)| ≤ L_f·|ẑ − z| + ε_f, with Lipschitz constants L = 1 (Identity, ReLU, Tanh),
/// 1/4 (Sigmoid), max(1, |slope|) (LeakyReLU), and ε_f the function's own rounding: 0 for Identity and
/// ReLU, u·|h| for LeakyReLU (one product), <see cref="TranscendentalUlps"/>·u for Sigmoid and Tanh (outputs
/// within ±1, so an ulp budget relative to 1).</item>
/// <item>Softmax: ∂y_i/∂z_j = y_i(δ_ij − y_j), so |Δy_i| ≤ y_i·(|Δz_i| + Σ_j y_j|Δz_j|) ≤ 2·y_i·max_j|Δz_j|; its own
/// rounding (exp, a sum of n positive terms, one division) is ≤ (TranscendentalUlps + n + 2)·u·y_i.</item>
/// <item>GELU (both forms) and SiLU: Lipschitz constant below 1.2; own rounding 4·TranscendentalUlps·u·|h| (ours: 25, 13 + 4|v|(1 − σ)
/// and 9 ulps relative) plus TranscendentalUlps·u·|z| for implementations that multiply z by a gate computed to an absolute
/// accuracy (PyTorch's and ONNX Runtime's x·½(1 + erf), x·σ(x)). ELU: Lipschitz max(1, alpha), own rounding
/// TranscendentalUlps·u·(|h| + alpha) (e^z − 1 formed by subtraction in a peer). ReLU6: Lipschitz 1, exact.
/// LogSoftmax: h_i = z_i − lse(z) moves by Δz_i − Σ_j y_j Δz_j, at most 2·max|Δz|; own rounding
/// u·(max z − z_i + |h_i| + log n + 2n + TranscendentalUlps).</item>
/// </list>
/// Two implementations each within d of the reference differ by at most 2d: that is the tolerance the tests use.
/// </remarks>
public static class ReferenceForward
{
    public const double U = 1.0 / (1 << 24);

    /// <summary>
    /// Absolute error budget of one float32 sigmoid or tanh evaluation, in units of u = 2^-24 (outputs lie in
    /// [−1, 1], where an ulp is at most u). Ours (Numerics.Simd): sigmoid within 5·2^-24 relative, tanh within
    /// 3 ulp, exp within 1.5 ulp (their documented and tested bounds). ONNX Runtime 1.31.1's MLAS kernels, measured
    /// here against double on 2·10^6 points in [−20, 20]: sigmoid 2.8 u, tanh 5.5 u absolute. 8 u covers both.
    /// </summary>
    public const double TranscendentalUlps = 8;

    public static double Gamma(int n) => n * U / (1 - n * U);

    /// <summary>Runs one sample; returns the exact-in-double outputs and the per-element bound d.</summary>
    public static (double[] Values, double[] Bound) Run(IReadOnlyList<LayerSpec> layers, ReadOnlySpan<float> input)
    {
        var a = new double[input.Length];
        var d = new double[input.Length];
        for (int j = 0; j < a.Length; j++) a[j] = input[j];
        foreach (var layer in layers) (a, d) = Layer(layer, a, d);
        return (a, d);
    }

    private static (double[] H, double[] D) Layer(LayerSpec layer, double[] a, double[] d)
    {
        int inputs = layer.Inputs, outputs = layer.Outputs;
        var z = new double[outputs];
        var dz = new double[outputs];
        double gamma = Gamma(inputs + 1);
        for (int i = 0; i < outputs; i++)
        {
            double sum = layer.Biases[i], propagated = 0, magnitude = Math.Abs(layer.Biases[i]);
            for (int j = 0; j < inputs; j++)
            {
                double w = layer.Weights[i * inputs + j];
                sum += w * a[j];
                propagated += Math.Abs(w) * d[j];
                magnitude += Math.Abs(w) * (Math.Abs(a[j]) + d[j]);
            }

            z[i] = sum;
            dz[i] = propagated + gamma * magnitude;
        }

        return Activate(layer.Activation, layer.NegativeSlope, z, dz);
    }

    /// <summary>The activation step alone: h = f(z) and its bound from z's bound dz (see the remarks on the class).</summary>
    public static (double[] H, double[] D) Activate(Activation activation, double parameter, double[] z, double[] dz)
    {
        int outputs = z.Length;
        var h = new double[outputs];
        var dh = new double[outputs];
        switch (activation)
        {
            case Activation.Identity:
                Array.Copy(z, h, outputs);
                Array.Copy(dz, dh, outputs);
                break;
            case Activation.Relu:
                for (int i = 0; i < outputs; i++) (h[i], dh[i]) = (Math.Max(z[i], 0), dz[i]);
                break;
            case Activation.LeakyRelu:
                double slope = parameter;
                for (int i = 0; i < outputs; i++)
                {
                    h[i] = z[i] > 0 ? z[i] : slope * z[i];
                    dh[i] = Math.Max(1, Math.Abs(slope)) * dz[i] + U * Math.Abs(h[i]);
                }

                break;
            case Activation.Sigmoid:
                for (int i = 0; i < outputs; i++) (h[i], dh[i]) = (1 / (1 + Math.Exp(-z[i])), 0.25 * dz[i] + TranscendentalUlps * U);
                break;
            case Activation.Tanh:
                for (int i = 0; i < outputs; i++) (h[i], dh[i]) = (Math.Tanh(z[i]), dz[i] + TranscendentalUlps * U);
                break;
            case Activation.Softmax:
                double max = z.Max(), total = 0, maxDz = dz.Max();
                for (int i = 0; i < outputs; i++) total += h[i] = Math.Exp(z[i] - max);
                for (int i = 0; i < outputs; i++)
                {
                    h[i] /= total;
                    dh[i] = 2 * h[i] * maxDz + (TranscendentalUlps + outputs + 2) * U * h[i];
                }

                break;
            case Activation.LogSoftmax:
                double top = z.Max(), exponentials = 0, worst = dz.Max();
                foreach (double v in z) exponentials += Math.Exp(v - top);
                for (int i = 0; i < outputs; i++)
                {
                    h[i] = z[i] - top - Math.Log(exponentials);
                    dh[i] = 2 * worst + U * (top - z[i] + Math.Abs(h[i]) + Math.Log(outputs) + 2 * outputs + TranscendentalUlps);
                }

                break;
            case Activation.Relu6:
                for (int i = 0; i < outputs; i++) (h[i], dh[i]) = (Math.Clamp(z[i], 0, 6), dz[i]);
                break;
            case Activation.Elu:
                double alpha = parameter;
                for (int i = 0; i < outputs; i++)
                {
                    h[i] = ReferenceSmoothActivations.Elu(z[i], alpha);
                    dh[i] = Math.Max(1, Math.Abs(alpha)) * dz[i] + TranscendentalUlps * U * (Math.Abs(h[i]) + Math.Abs(alpha));
                }

                break;
            case Activation.Gelu or Activation.GeluTanh or Activation.Silu:
                for (int i = 0; i < outputs; i++)
                {
                    h[i] = activation switch
                    {
                        Activation.Gelu => ReferenceSmoothActivations.Gelu(z[i]),
                        Activation.GeluTanh => ReferenceSmoothActivations.GeluTanh(z[i]),
                        _ => ReferenceSmoothActivations.Silu(z[i]),
                    };
                    dh[i] = 1.2 * dz[i] + TranscendentalUlps * U * (4 * Math.Abs(h[i]) + Math.Abs(z[i]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
        }

        return (h, dh);
    }
}
