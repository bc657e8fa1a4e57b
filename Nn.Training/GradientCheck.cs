using Nn.Dense;

namespace Nn.Training;

/// <summary>How far the backpropagated gradients of one layer are from central differences.</summary>
/// <param name="Layer">The layer index.</param>
/// <param name="WeightsError">max_i |g_i − n_i| / max_i max(|g_i|, |n_i|) over the layer's weights (0 when all are 0).</param>
/// <param name="BiasesError">The same over the layer's biases.</param>
public readonly record struct LayerGradientError(int Layer, double WeightsError, double BiasesError)
{
    /// <summary>The same over the layer's normalization γ (0 without normalization).</summary>
    public double ScaleError { get; init; }

    /// <summary>The same over the layer's normalization β (0 without normalization).</summary>
    public double ShiftError { get; init; }
}

/// <summary>
/// Checks <see cref="Backprop.ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/> against central differences computed in double:
/// n_i = (L(θ + h·e_i) − L(θ − h·e_i)) / 2h, where L is a double-precision forward pass and loss at
/// the network's (float) parameters θ. The error is normwise per layer, so tiny entries do not
/// dominate: max_i |g_i − n_i| / max_i max(|g_i|, |n_i|). Normalization runs in training mode (batch
/// statistics) and dropout keeps the masks of the latest training pass on this thread (the one
/// <see cref="Run"/> makes), so the loss is a smooth function of the parameters.
/// </summary>
public static class GradientCheck
{
    /// <summary>Runs the check on one batch (same arguments as <see cref="Backprop.ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/>); returns one entry per layer.</summary>
    /// <exception cref="ArgumentException">As <see cref="Backprop.ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/>, or step is not finite and positive.</exception>
    public static LayerGradientError[] Run(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss, double step = 1e-6)
    {
        if (!(step > 0 && double.IsFinite(step))) throw new ArgumentOutOfRangeException(nameof(step), step, "step must be finite and positive.");
        var grads = new Gradients(network);
        Backprop.ComputeGradients(network, inputs, targets, batch, loss, grads);
        var numeric = Numeric(network, inputs, targets, batch, loss, step);
        var errors = new LayerGradientError[network.Layers.Count];
        for (int l = 0; l < errors.Length; l++)
        {
            errors[l] = new LayerGradientError(l, Error(grads.Weights(l), numeric[0][l]), Error(grads.Biases(l), numeric[1][l]))
            {
                ScaleError = Error(grads.NormalizationScale(l), numeric[2][l]),
                ShiftError = Error(grads.NormalizationShift(l), numeric[3][l]),
            };
        }

        return errors;
    }

    /// <summary>
    /// The central-difference gradients alone, in double: per layer, [Outputs × Inputs] for the weights
    /// and [Outputs] for the biases.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Run"/>.</exception>
    public static (double[][] Weights, double[][] Biases) NumericGradients(Network network, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> targets, int batch, Loss loss, double step = 1e-6)
    {
        var numeric = Numeric(network, inputs, targets, batch, loss, step);
        return (numeric[0], numeric[1]);
    }

    /// <summary>Central differences per layer for the weights, biases, γ and β, in that order.</summary>
    private static double[][][] Numeric(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss, double step)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be positive.");
        if (inputs.Length != (long)batch * network.InputSize) throw new ArgumentException($"inputs has {inputs.Length} elements; {batch} samples need {(long)batch * network.InputSize}.", nameof(inputs));
        loss.CheckCompatible(network);
        loss.CheckTargets(targets, batch, network.OutputSize);

        var model = new DoubleModel(network, batch);
        var x = ToDouble(inputs);
        var t = ToDouble(targets);
        double[][][] parameters = [model.Weights, model.Biases, model.Scales, model.Shifts];
        return parameters.Select(kind => kind.Select(values => Differences(model, values, x, t, batch, loss, step)).ToArray()).ToArray();
    }

    private static double[] Differences(DoubleModel model, double[] parameters, double[] x, double[] t, int batch, Loss loss, double step)
    {
        var result = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + step;
            double plus = model.Loss(x, t, batch, loss);
            parameters[i] = saved - step;
            double minus = model.Loss(x, t, batch, loss);
            parameters[i] = saved;
            result[i] = (plus - minus) / (2 * step);
        }

        return result;
    }

    private static double Error(ReadOnlySpan<float> analytic, double[] numeric)
    {
        double maxDifference = 0, scale = 0;
        for (int i = 0; i < numeric.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(analytic[i] - numeric[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric[i])));
        }

        return scale == 0 ? 0 : maxDifference / scale;
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    /// <summary>A double-precision copy of a network with a plain forward pass and the losses' formulas.</summary>
    private sealed class DoubleModel
    {
        private readonly Network network;

        private readonly double[][] masks;

        public DoubleModel(Network network, int batch)
        {
            this.network = network;
            Weights = network.Layers.Select(l => ToDouble(l.ReadOnlyWeights)).ToArray();
            Biases = network.Layers.Select(l => ToDouble(l.Biases)).ToArray();
            Scales = network.Layers.Select(l => ToDouble(l.NormalizationScale)).ToArray();
            Shifts = network.Layers.Select(l => ToDouble(l.NormalizationShift)).ToArray();
            var cache = Backprop.LatestCache(network);
            masks = network.Layers.Select((l, i) =>
                l.DropoutRate > 0 && cache.Batch == batch ? ToDouble(cache.DropoutMask(i)) : []).ToArray();
        }

        public double[][] Weights { get; }

        public double[][] Biases { get; }

        public double[][] Scales { get; }

        public double[][] Shifts { get; }

        public double Loss(double[] x, double[] t, int batch, Loss loss)
        {
            double[] a = x;
            double[] z = x;
            for (int l = 0; l < Weights.Length; l++)
            {
                var layer = network.Layers[l];
                z = new double[batch * layer.Outputs];
                for (int s = 0; s < batch; s++)
                {
                    for (int o = 0; o < layer.Outputs; o++)
                    {
                        double sum = Biases[l][o];
                        for (int i = 0; i < layer.Inputs; i++) sum += Weights[l][o * layer.Inputs + i] * a[s * layer.Inputs + i];
                        z[s * layer.Outputs + o] = sum;
                    }
                }

                if (layer.Normalization != Normalization.None) z = Normalize(z, batch, layer, Scales[l], Shifts[l]);
                a = Activate(z, batch, layer);
                for (int i = 0; i < masks[l].Length; i++) a[i] *= masks[l][i];
            }

            var last = network.Layers[^1];
            return LossValue(z, a, t, batch, last.Outputs, last.Activation, loss);
        }

        /// <summary>γ·(z − μ)/√(σ² + ε) + β, μ and the biased σ² over the batch per output (batch) or over the outputs per sample (layer).</summary>
        private static double[] Normalize(double[] z, int batch, DenseLayer layer, double[] scale, double[] shift)
        {
            int width = layer.Outputs;
            bool perSample = layer.Normalization == Normalization.Layer;
            int groups = perSample ? batch : width, count = perSample ? width : batch;
            var y = new double[z.Length];
            for (int g = 0; g < groups; g++)
            {
                int Index(int k) => perSample ? g * width + k : k * width + g;
                double mean = 0, variance = 0;
                for (int k = 0; k < count; k++) mean += z[Index(k)] / count;
                for (int k = 0; k < count; k++) variance += (z[Index(k)] - mean) * (z[Index(k)] - mean) / count;
                for (int k = 0; k < count; k++)
                {
                    int i = Index(k);
                    y[i] = scale[i % width] * (z[i] - mean) / Math.Sqrt(variance + 1e-5) + shift[i % width];
                }
            }

            return y;
        }

        private static double[] Activate(double[] z, int batch, DenseLayer layer)
        {
            var h = new double[z.Length];
            switch (layer.Activation)
            {
                case Activation.Softmax or Activation.LogSoftmax:
                    for (int s = 0; s < batch; s++)
                    {
                        var row = z.AsSpan(s * layer.Outputs, layer.Outputs);
                        double max = row.ToArray().Max(), sum = 0;
                        for (int j = 0; j < row.Length; j++) sum += h[s * layer.Outputs + j] = Math.Exp(row[j] - max);
                        for (int j = 0; j < row.Length; j++)
                        {
                            h[s * layer.Outputs + j] = layer.Activation == Activation.Softmax ? h[s * layer.Outputs + j] / sum : row[j] - max - Math.Log(sum);
                        }
                    }

                    break;
                default:
                    for (int i = 0; i < z.Length; i++)
                    {
                        double v = z[i];
                        h[i] = layer.Activation switch
                        {
                            Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                            Activation.Tanh => Math.Tanh(v),
                            Activation.Relu => v > 0 ? v : 0,
                            Activation.LeakyRelu => v > 0 ? v : layer.NegativeSlope * v,
                            Activation.Gelu => v * NormalCdf(v),
                            Activation.GeluTanh => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))),
                            Activation.Silu => v / (1 + Math.Exp(-v)),
                            Activation.Elu => v > 0 ? v : layer.ActivationParameter * (Math.Exp(v) - 1),
                            Activation.Relu6 => Math.Clamp(v, 0, 6),
                            _ => v,
                        };
                    }

                    break;
            }

            return h;
        }

        /// <summary>Φ(v) in double: erf's positive-term series below |v|/√2 = 1, erfc's continued fraction above.</summary>
        private static double NormalCdf(double v)
        {
            double t = Math.Abs(v) / Math.Sqrt(2), erfc;
            if (t < 1)
            {
                double term = t, sum = t;
                for (int n = 1; n < 60; n++) sum += term *= 2 * t * t / (2 * n + 1);
                erfc = 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-t * t) * sum;
            }
            else
            {
                double fraction = t;
                for (int k = 400; k >= 1; k--) fraction = t + k / 2.0 / fraction;
                erfc = Math.Exp(-t * t) / Math.Sqrt(Math.PI) / fraction;
            }

            return v < 0 ? erfc / 2 : 1 - erfc / 2;
        }

        private static double LossValue(double[] z, double[] y, double[] t, int batch, int width, Activation activation, Loss loss)
        {
            int count = batch * width;
            double total = 0;
            if (loss is not CrossEntropyLoss)
            {
                for (int i = 0; i < count; i++) total += ElementLoss(z[i], y[i], t[i], activation, loss);
                return loss.Reduction == Reduction.Mean ? total / count : total;
            }

            bool indices = t.Length != count;
            for (int s = 0; s < batch; s++)
            {
                var row = z.AsSpan(s * width, width);
                double max = row.ToArray().Max(), sum = 0;
                foreach (double v in row) sum += Math.Exp(v - max);
                double logSumExp = max + Math.Log(sum);
                if (indices) total += logSumExp - row[(int)t[s]];
                else for (int j = 0; j < width; j++) total += t[s * width + j] * (logSumExp - row[j]);
            }

            return loss.Reduction == Reduction.Mean ? total / batch : total;
        }

        /// <summary>The loss of one element for the element-wise losses: logit z, output y, target t.</summary>
        private static double ElementLoss(double z, double y, double t, Activation activation, Loss loss)
        {
            double magnitude = Math.Abs(y - t);
            return loss switch
            {
                MeanSquaredErrorLoss => magnitude * magnitude,
                L1Loss => magnitude,
                HuberLoss huber => magnitude < huber.Delta ? 0.5 * magnitude * magnitude : huber.Delta * (magnitude - 0.5 * huber.Delta),
                _ when activation == Activation.Sigmoid => Math.Max(z, 0) - z * t + Math.Log(1 + Math.Exp(-Math.Abs(z))),
                _ => -(t * Math.Max(Math.Log(y), -100) + (1 - t) * Math.Max(Math.Log(1 - y), -100)),
            };
        }
    }
}
