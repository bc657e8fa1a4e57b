using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Dense.Tests.Reference;

/// <summary>
/// A dense layer in plain double-precision loops (the naive reference), with the parameters of a
/// <see cref="DenseLayer"/> widened to double. Shapes as in DenseLayer: A batch×in, W out×in, Z and H batch×out.
/// </summary>
internal sealed class ReferenceLayer
{
    public ReferenceLayer(DenseLayer layer)
    {
        Inputs = layer.Inputs;
        Outputs = layer.Outputs;
        Activation = layer.Activation;
        Slope = layer.NegativeSlope;
        Weights = layer.Weights.ToArray().Select(w => (double)w).ToArray();
        Biases = layer.Biases.ToArray().Select(b => (double)b).ToArray();
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public Activation Activation { get; }

    public double Slope { get; }

    public double[] Weights { get; }

    public double[] Biases { get; }

    /// <summary>Z = A·Wᵀ + b.</summary>
    public double[] Affine(double[] a, int batch)
    {
        var z = new double[batch * Outputs];
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                double sum = Biases[j];
                for (int i = 0; i < Inputs; i++) sum += Weights[j * Inputs + i] * a[r * Inputs + i];
                z[r * Outputs + j] = sum;
            }
        }

        return z;
    }

    /// <summary>H = f(Z), softmax per row.</summary>
    public double[] Activate(double[] z, int batch)
    {
        var h = new double[z.Length];
        for (int r = 0; r < batch; r++)
        {
            if (Activation == Activation.LogSoftmax)
            {
                var row = Array.ConvertAll(z[(r * Outputs)..((r + 1) * Outputs)], v => v);
                double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
                for (int j = 0; j < Outputs; j++) h[r * Outputs + j] = row[j] - max - Math.Log(sum);
                continue;
            }

            if (Activation == Activation.Softmax)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < Outputs; j++) max = Math.Max(max, z[r * Outputs + j]);
                double sum = 0;
                for (int j = 0; j < Outputs; j++) sum += Math.Exp(z[r * Outputs + j] - max);
                for (int j = 0; j < Outputs; j++) h[r * Outputs + j] = Math.Exp(z[r * Outputs + j] - max) / sum;
                continue;
            }

            for (int j = 0; j < Outputs; j++)
            {
                double x = z[r * Outputs + j];
                h[r * Outputs + j] = Activation switch
                {
                    Activation.Identity => x,
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
                    Activation.Tanh => Math.Tanh(x),
                    Activation.Relu => x > 0 ? x : 0,
                    Activation.LeakyRelu => x > 0 ? x : Slope * x,
                    Activation.Gelu => ReferenceSmoothActivations.Gelu(x),
                    Activation.GeluTanh => ReferenceSmoothActivations.GeluTanh(x),
                    Activation.Silu => ReferenceSmoothActivations.Silu(x),
                    Activation.Elu => ReferenceSmoothActivations.Elu(x, Slope),
                    Activation.Relu6 => ReferenceSmoothActivations.Relu6(x),
                    _ => throw new InvalidOperationException(),
                };
            }
        }

        return h;
    }

    /// <summary>
    /// dZ = dH ⊙ f'(Z) (softmax and log-softmax: full Jacobian per row), dW = dZᵀ·A, db = Σ_rows dZ, dA = dZ·W.
    /// </summary>
    public (double[] Dz, double[] Dw, double[] Db, double[] Da) Backward(double[] a, double[] dh, int batch)
    {
        var z = Affine(a, batch);
        var h = Activate(z, batch);
        var dz = new double[batch * Outputs];
        for (int r = 0; r < batch; r++)
        {
            double dot = 0, sum = 0;
            for (int j = 0; j < Outputs; j++)
            {
                dot += dh[r * Outputs + j] * h[r * Outputs + j];
                sum += dh[r * Outputs + j];
            }

            for (int j = 0; j < Outputs; j++)
            {
                int index = r * Outputs + j;
                double x = z[index], y = h[index];
                double derivative = Activation switch
                {
                    Activation.Identity => 1,
                    Activation.Sigmoid => y * (1 - y),
                    Activation.Tanh => 1 - y * y,
                    Activation.Relu => x > 0 ? 1 : 0,
                    Activation.LeakyRelu => x > 0 ? 1 : Slope,
                    Activation.Gelu => ReferenceSmoothActivations.GeluGrad(x, 1),
                    Activation.GeluTanh => ReferenceSmoothActivations.GeluTanhGrad(x, 1),
                    Activation.Silu => ReferenceSmoothActivations.SiluGrad(x, 1),
                    Activation.Elu => ReferenceSmoothActivations.EluGrad(x, Slope, 1),
                    Activation.Relu6 => ReferenceSmoothActivations.Relu6Grad(x, 1),
                    _ => double.NaN,
                };
                dz[index] = Activation switch
                {
                    Activation.Softmax => y * (dh[index] - dot),
                    Activation.LogSoftmax => dh[index] - Math.Exp(y) * sum,
                    _ => dh[index] * derivative,
                };
            }
        }

        var dw = new double[Outputs * Inputs];
        var db = new double[Outputs];
        var da = new double[batch * Inputs];
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                double g = dz[r * Outputs + j];
                db[j] += g;
                for (int i = 0; i < Inputs; i++)
                {
                    dw[j * Inputs + i] += g * a[r * Inputs + i];
                    da[r * Inputs + i] += g * Weights[j * Inputs + i];
                }
            }
        }

        return (dz, dw, db, da);
    }
}
