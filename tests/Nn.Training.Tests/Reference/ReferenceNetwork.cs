using Nn.Dense;

namespace Nn.Training.Tests.Reference;

/// <summary>
/// A naive double-precision copy of a network: plain-loop forward pass, PyTorch's loss formulas
/// written on probabilities, and backpropagation by the general chain rule only (never fused):
/// ∂L/∂y from the loss, then each layer's own derivative (softmax via its full Jacobian).
/// </summary>
public sealed class ReferenceNetwork
{
    private readonly DenseLayer[] layers;

    public ReferenceNetwork(Network network)
    {
        layers = network.Layers.ToArray();
        Weights = layers.Select(l => l.Weights.ToArray().Select(v => (double)v).ToArray()).ToArray();
        Biases = layers.Select(l => l.Biases.ToArray().Select(v => (double)v).ToArray()).ToArray();
    }

    public double[][] Weights { get; }

    public double[][] Biases { get; }

    public enum LossKind { MeanSquaredError, CrossEntropy, BinaryCrossEntropy, L1, Huber }

    /// <summary>PyTorch's HuberLoss default δ.</summary>
    public const double HuberDelta = 1;

    /// <summary>Z and H of every layer, H_(−1) = x.</summary>
    public (double[][] Z, double[][] H) Forward(double[] x, int batch)
    {
        var zs = new double[layers.Length][];
        var hs = new double[layers.Length][];
        double[] a = x;
        for (int l = 0; l < layers.Length; l++)
        {
            int inputs = layers[l].Inputs, outputs = layers[l].Outputs;
            var z = new double[batch * outputs];
            for (int s = 0; s < batch; s++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double sum = Biases[l][o];
                    for (int i = 0; i < inputs; i++) sum += Weights[l][o * inputs + i] * a[s * inputs + i];
                    z[s * outputs + o] = sum;
                }
            }

            zs[l] = z;
            hs[l] = Activate(layers[l], z, batch);
            a = hs[l];
        }

        return (zs, hs);
    }

    /// <summary>The loss on probabilities y (PyTorch's formulas); t is dense (batch × outputs).</summary>
    public static double Loss(LossKind kind, Reduction reduction, double[] y, double[] t, int batch)
    {
        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            total += kind switch
            {
                LossKind.MeanSquaredError => (y[i] - t[i]) * (y[i] - t[i]),
                LossKind.L1 => Math.Abs(y[i] - t[i]),
                LossKind.Huber => Math.Abs(y[i] - t[i]) < HuberDelta ? 0.5 * (y[i] - t[i]) * (y[i] - t[i]) : HuberDelta * (Math.Abs(y[i] - t[i]) - 0.5 * HuberDelta),
                LossKind.CrossEntropy => -t[i] * Math.Log(y[i]),
                _ => -(t[i] * Math.Log(y[i]) + (1 - t[i]) * Math.Log(1 - y[i])),
            };
        }

        return reduction == Reduction.Sum ? total : total / (kind == LossKind.CrossEntropy ? batch : y.Length);
    }

    public double LossOf(LossKind kind, Reduction reduction, double[] x, double[] t, int batch) =>
        Loss(kind, reduction, Forward(x, batch).H[^1], t, batch);

    /// <summary>∂L/∂W and ∂L/∂b of every layer by the unfused chain rule.</summary>
    public (double[][] Weights, double[][] Biases) Gradients(LossKind kind, Reduction reduction, double[] x, double[] t, int batch)
    {
        var (zs, hs) = Forward(x, batch);
        var y = hs[^1];
        double divisor = reduction == Reduction.Sum ? 1 : kind == LossKind.CrossEntropy ? batch : y.Length;
        var dh = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            dh[i] = kind switch
            {
                LossKind.MeanSquaredError => 2 * (y[i] - t[i]),
                LossKind.L1 => Math.Sign(y[i] - t[i]),
                LossKind.Huber => Math.Clamp(y[i] - t[i], -HuberDelta, HuberDelta),
                LossKind.CrossEntropy => -t[i] / y[i],
                _ => -(t[i] / y[i] - (1 - t[i]) / (1 - y[i])),
            } / divisor;
        }

        var weightsGrad = new double[layers.Length][];
        var biasesGrad = new double[layers.Length][];
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            var layer = layers[l];
            int inputs = layer.Inputs, outputs = layer.Outputs;
            double[] a = l == 0 ? x : hs[l - 1];
            var dz = Derivative(layer, zs[l], hs[l], dh, batch);
            weightsGrad[l] = new double[outputs * inputs];
            biasesGrad[l] = new double[outputs];
            var da = new double[batch * inputs];
            for (int s = 0; s < batch; s++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    double d = dz[s * outputs + o];
                    biasesGrad[l][o] += d;
                    for (int i = 0; i < inputs; i++)
                    {
                        weightsGrad[l][o * inputs + i] += d * a[s * inputs + i];
                        da[s * inputs + i] += d * Weights[l][o * inputs + i];
                    }
                }
            }

            dh = da;
        }

        return (weightsGrad, biasesGrad);
    }

    /// <summary>Central differences of LossOf for every parameter.</summary>
    public (double[][] Weights, double[][] Biases) FiniteDifferences(LossKind kind, Reduction reduction, double[] x, double[] t, int batch, double step)
    {
        double[][] Differences(double[][] parameters) => parameters.Select(p =>
        {
            var result = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                double saved = p[i];
                p[i] = saved + step;
                double plus = LossOf(kind, reduction, x, t, batch);
                p[i] = saved - step;
                double minus = LossOf(kind, reduction, x, t, batch);
                p[i] = saved;
                result[i] = (plus - minus) / (2 * step);
            }

            return result;
        }).ToArray();

        return (Differences(Weights), Differences(Biases));
    }

    private static double[] Activate(DenseLayer layer, double[] z, int batch)
    {
        var h = new double[z.Length];
        int width = layer.Outputs;
        for (int i = 0; i < z.Length; i++)
        {
            double v = z[i];
            h[i] = layer.Activation switch
            {
                Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                Activation.Tanh => Math.Tanh(v),
                Activation.Relu => v > 0 ? v : 0,
                Activation.LeakyRelu => v > 0 ? v : layer.NegativeSlope * v,
                _ => v,
            };
        }

        if (layer.Activation == Activation.Softmax)
        {
            for (int s = 0; s < batch; s++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int j = 0; j < width; j++) max = Math.Max(max, z[s * width + j]);
                for (int j = 0; j < width; j++) sum += h[s * width + j] = Math.Exp(z[s * width + j] - max);
                for (int j = 0; j < width; j++) h[s * width + j] /= sum;
            }
        }

        return h;
    }

    private static double[] Derivative(DenseLayer layer, double[] z, double[] h, double[] dh, int batch)
    {
        var dz = new double[z.Length];
        int width = layer.Outputs;
        if (layer.Activation == Activation.Softmax)
        {
            // Full Jacobian: ∂h_j/∂z_k = h_j(δ_jk − h_k).
            for (int s = 0; s < batch; s++)
            {
                for (int k = 0; k < width; k++)
                {
                    double sum = 0;
                    for (int j = 0; j < width; j++)
                    {
                        double jacobian = h[s * width + j] * ((j == k ? 1 : 0) - h[s * width + k]);
                        sum += dh[s * width + j] * jacobian;
                    }

                    dz[s * width + k] = sum;
                }
            }

            return dz;
        }

        for (int i = 0; i < z.Length; i++)
        {
            double v = z[i];
            double derivative = layer.Activation switch
            {
                Activation.Sigmoid => h[i] * (1 - h[i]),
                Activation.Tanh => 1 - h[i] * h[i],
                Activation.Relu => v > 0 ? 1 : 0,
                Activation.LeakyRelu => v > 0 ? 1 : layer.NegativeSlope,
                _ => 1,
            };
            dz[i] = dh[i] * derivative;
        }

        return dz;
    }
}
