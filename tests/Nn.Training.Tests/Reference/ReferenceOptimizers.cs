namespace Nn.Training.Tests.Reference;

/// <summary>
/// Hand-written double-precision updates, as PyTorch's SGD and Adam document them, for one
/// parameter array; weight decay applies only when <c>isWeight</c>. Each also tracks, per element,
/// the sum over steps of the magnitudes that enter the update (for a rounding-error bound).
/// </summary>
internal static class ReferenceOptimizers
{
    public static void Sgd(double[] w, double[] g, double[] v, int step, double rate, double momentum, double decay, bool nesterov, double[] magnitude)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double gradient = g[i] + decay * w[i];
            double update = gradient;
            if (momentum != 0)
            {
                v[i] = step == 1 ? gradient : momentum * v[i] + gradient;
                update = nesterov ? gradient + momentum * v[i] : v[i];
            }

            magnitude[i] += Math.Abs(w[i]) + rate * (Math.Abs(g[i]) + Math.Abs(decay * w[i]) + Math.Abs(update) + Math.Abs(v[i]));
            w[i] -= rate * update;
        }
    }

    public static void Adam(double[] w, double[] g, double[] m, double[] v, int step, double rate, double beta1, double beta2,
        double epsilon, double decay, double[] magnitude)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double gradient = g[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gradient;
            v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient;
            double mHat = m[i] / (1 - Math.Pow(beta1, step));
            double vHat = v[i] / (1 - Math.Pow(beta2, step));
            double update = rate * mHat / (Math.Sqrt(vHat) + epsilon);
            magnitude[i] += Math.Abs(w[i]) + Math.Abs(update);
            w[i] -= update;
        }
    }
}
