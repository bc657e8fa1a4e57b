using Nn.Dense;

namespace Nn.Dense.Tests.Reference;

/// <summary>
/// A network evaluated in double (naive loops) together with a rigorous bound on how far the
/// float32 library result may lie from it.
/// </summary>
/// <remarks>
/// Error model, per layer with k inputs (u = 2^-24, the unit roundoff of float):
/// <list type="bullet">
/// <item>z_j = b_j + Σ_i w_ji·a_i computed in float by any summation order, with or without FMA, is within
/// γ·(|b_j| + Σ_i |w_ji|·|â_i|) of the exact value for the float inputs â, with γ = 2(k+1)u
/// (the classical γ_{k+1} = (k+1)u/(1−(k+1)u) bound, the factor 2 absorbing the denominator
/// and the bias add).</item>
/// <item>The inputs â carry error e_i from the previous layer; that adds Σ_i |w_ji|·e_i
/// (and |â_i| ≤ |a_i| + e_i).</item>
/// <item>h = f(z): the error in z is scaled by f's Lipschitz constant (1 for Identity, ReLU, tanh;
/// max(1,|slope|) for LeakyReLU; 1/4 for sigmoid), plus the kernel's own rounding, modelled as
/// <see cref="ActivationUlps"/> ulps relative to |h| (and, for sigmoid and tanh, whose vector
/// kernels may use cancellation-prone formulas, the same number of ulps of 1 absolutely).</item>
/// <item>Softmax: a perturbation δ of the logits moves log y_j by δ_j − Σ_i y_i δ_i, so by at most
/// 2·max|δ|; rounding adds (cols + 2·ActivationUlps) ulps relative to y_j (the sum of cols terms, exp,
/// the division) plus u·|z_j − max z| from the rounded exponent argument.</item>
/// <item>GELU (both forms) and SiLU: Lipschitz constant below 1.2 (max f′ is 1.13 and 1.10), own error within
/// 2·ActivationUlps relative to |h| (their documented 25, 13 + 4|v|(1 − σ) and 9 ulps), plus a few subnormal
/// ulps where a subnormal gate is scaled by z. ELU: Lipschitz max(1, alpha), own error ActivationUlps relative.
/// ReLU6: Lipschitz 1, exact. Log-softmax: y_j = z_j − lse(z) moves by δ_j − Σ_i p_i δ_i, at most 2·max|δ|;
/// rounding as documented: u·(|z_j − max z| + |y_j| + log cols + 2·cols + exp's ulps), with margin.</item>
/// </list>
/// </remarks>
internal static class ReferenceNetwork
{
    /// <summary>How many ulps the element-wise kernels may be off by (their own documented accuracy is a few ulps).</summary>
    public const double ActivationUlps = 16;

    public const double Unit = 1.0 / (1 << 24);

    /// <summary>The smallest positive subnormal float, 2^-149.</summary>
    public static readonly double MinSubnormal = Math.ScaleB(1.0, -149);

    /// <summary>H of the last layer (double) and the per-element bound on |float result − H|.</summary>
    public static (double[] Values, double[] Bounds) Forward(Network network, ReadOnlySpan<float> inputs, int batch)
    {
        double[] a = inputs.ToArray().Select(x => (double)x).ToArray();
        double[] e = new double[a.Length];
        foreach (var layer in network.Layers)
        {
            var reference = new ReferenceLayer(layer);
            var z = reference.Affine(a, batch);
            var ez = AffineBound(reference, a, e, batch);
            var h = reference.Activate(z, batch);
            e = ActivationBound(reference, z, ez, h, batch);
            a = h;
        }

        return (a, e);
    }

    /// <summary>Per-element bound on |float z − exact z| given inputs a with errors e (see the remarks).</summary>
    public static double[] AffineBound(ReferenceLayer layer, double[] a, double[] e, int batch)
    {
        int k = layer.Inputs;
        double gamma = 2.0 * (k + 1) * Unit;
        var bound = new double[batch * layer.Outputs];
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < layer.Outputs; j++)
            {
                double magnitude = Math.Abs(layer.Biases[j]);
                double propagated = 0;
                for (int i = 0; i < k; i++)
                {
                    double w = Math.Abs(layer.Weights[j * k + i]);
                    magnitude += w * (Math.Abs(a[r * k + i]) + e[r * k + i]);
                    propagated += w * e[r * k + i];
                }

                bound[r * layer.Outputs + j] = propagated + gamma * magnitude;
            }
        }

        return bound;
    }

    /// <summary>Per-element bound on |float h − exact h| given z with errors ez (see the remarks).</summary>
    public static double[] ActivationBound(ReferenceLayer layer, double[] z, double[] ez, double[] h, int batch)
    {
        double own = ActivationUlps * Unit;
        int cols = layer.Outputs;
        var bound = new double[h.Length];
        for (int r = 0; r < batch; r++)
        {
            double maxError = 0, maxZ = double.NegativeInfinity;
            for (int j = 0; j < cols; j++)
            {
                maxError = Math.Max(maxError, ez[r * cols + j]);
                maxZ = Math.Max(maxZ, z[r * cols + j]);
            }

            for (int j = 0; j < cols; j++)
            {
                int index = r * cols + j;
                double y = Math.Abs(h[index]);
                bound[index] = layer.Activation switch
                {
                    Activation.Identity => ez[index],
                    Activation.Relu => ez[index],
                    Activation.LeakyRelu => Math.Max(1, Math.Abs(layer.Slope)) * ez[index] + Unit * y,
                    Activation.Sigmoid => 0.25 * ez[index] + own * (y + 1),
                    Activation.Tanh => ez[index] + own * (y + 1),
                    Activation.Softmax => y * (2 * maxError + Unit * (maxZ - z[index] + cols + 2 * ActivationUlps)),
                    Activation.Gelu or Activation.Silu => 1.2 * ez[index] + 2 * own * y + 16 * MinSubnormal,
                    Activation.GeluTanh => 1.2 * ez[index] + (2 * own + 4 * Unit * Math.Abs(GeluTanhArgument(z[index]))) * y + 16 * MinSubnormal,
                    Activation.Elu => Math.Max(1, Math.Abs(layer.Slope)) * ez[index] + own * y,
                    Activation.Relu6 => ez[index],
                    Activation.LogSoftmax => 2 * maxError + Unit * (maxZ - z[index] + y + Math.Log(cols) + 2 * cols + 2 * ActivationUlps),
                    _ => throw new InvalidOperationException(),
                };
            }
        }

        return bound;
    }

    /// <summary>v = 2√(2/π)·z·(1 + 0.044715z²), the sigmoid argument of the tanh-approximated GELU.</summary>
    private static double GeluTanhArgument(double z) => 1.5957691216057308 * z * (1 + 0.044715 * z * z);
}
