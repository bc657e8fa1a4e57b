using Nn.Dense;

namespace SimdNn.Cli.Verification;

/// <summary>
/// Gradient check on a random network (tanh, sigmoid, leaky-free smooth layers and a softmax output,
/// MSE loss): the library's float backward pass (DenseLayer.Forward/Backward) against central
/// differences of a double-precision forward pass with the same weights. Each gradient is a sum of
/// about width·depth rounded float terms, so the tolerance is 8·(width·depth)·u times the largest
/// gradient, plus 10^-6 relative for the finite-difference truncation error (h = 10^-5, in double).
/// </summary>
internal static class LayerGradientCheck
{
    private const double U = 1.0 / (1 << 24);

    public static CheckResult Run(int seed)
    {
        var tally = new CheckTally("Gradient check (layers)");
        var random = new Random(seed * 3 + 11);
        for (int trial = 0; trial < 3; trial++)
        {
            int inputs = random.Next(2, 9), hidden1 = random.Next(2, 12), hidden2 = random.Next(2, 12), classes = random.Next(2, 6), batch = random.Next(1, 6);
            var network = new Network(
                new DenseLayer(inputs, hidden1, Activation.Tanh),
                new DenseLayer(hidden1, hidden2, Activation.Sigmoid),
                new DenseLayer(hidden2, classes, Activation.Softmax));
            network.Initialize(seed + trial);
            foreach (var layer in network.Layers)
            {
                var biases = layer.Biases;
                for (int i = 0; i < biases.Length; i++) biases[i] = (float)(random.NextDouble() - 0.5);
            }

            var x = KernelChecks.RandomArray(random, batch * inputs, 2);
            var t = KernelChecks.RandomArray(random, batch * classes, 1);
            var analytic = FloatGradients(network, x, t, batch);
            var reference = new List<double>();
            foreach (var layer in network.Layers)
            {
                foreach (var span in new[] { 0, 1 })
                {
                    int count = span == 0 ? layer.Weights.Length : layer.Biases.Length;
                    for (int i = 0; i < count; i++) reference.Add(CentralDifference(network, layer, span == 0, i, x, t, batch));
                }
            }

            double largest = reference.Max(Math.Abs);
            int width = Math.Max(Math.Max(inputs, hidden1), Math.Max(hidden2, classes));
            tally.Case();
            for (int i = 0; i < reference.Count; i++)
            {
                double tolerance = 8 * width * 3 * U * largest + 1e-6 * Math.Abs(reference[i]) + 1e-12;
                int index = i;
                if (!tally.Compare(analytic[i], reference[i], tolerance, () => $"network {inputs}-{hidden1}-{hidden2}-{classes}, batch {batch}, seed {seed}: parameter {index}")) break;
            }
        }

        return tally.Result();
    }

    private static float[] FloatGradients(Network network, float[] x, float[] t, int batch)
    {
        var layers = network.Layers;
        var z = layers.Select(l => new float[batch * l.Outputs]).ToArray();
        var h = layers.Select(l => new float[batch * l.Outputs]).ToArray();
        var dh = layers.Select(l => new float[batch * l.Outputs]).ToArray();
        var dz = layers.Select(l => new float[batch * l.Outputs]).ToArray();
        ReadOnlySpan<float> current = x;
        for (int l = 0; l < layers.Count; l++)
        {
            layers[l].Forward(current, batch, z[l], h[l]);
            current = h[l];
        }

        int outputs = network.OutputSize;
        for (int i = 0; i < batch * outputs; i++) dh[^1][i] = 2 * (h[^1][i] - t[i]) / (batch * outputs);
        var gradients = new List<float>();
        var weightGrads = new float[layers.Count][];
        var biasGrads = new float[layers.Count][];
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            weightGrads[l] = new float[layers[l].Weights.Length];
            biasGrads[l] = new float[layers[l].Biases.Length];
            layers[l].Backward(l == 0 ? x : h[l - 1], z[l], h[l], dh[l], batch, dz[l], weightGrads[l], biasGrads[l],
                l == 0 ? Span<float>.Empty : dh[l - 1]);
        }

        for (int l = 0; l < layers.Count; l++)
        {
            gradients.AddRange(weightGrads[l]);
            gradients.AddRange(biasGrads[l]);
        }

        return [.. gradients];
    }

    private static double CentralDifference(Network network, DenseLayer layer, bool weight, int index, float[] x, float[] t, int batch)
    {
        const double H = 1e-5;
        double plus = Loss(network, layer, weight, index, H, x, t, batch);
        double minus = Loss(network, layer, weight, index, -H, x, t, batch);
        return (plus - minus) / (2 * H);
    }

    /// <summary>MSE (mean over batch·outputs) of a double-precision forward pass with one parameter shifted by delta.</summary>
    private static double Loss(Network network, DenseLayer shifted, bool weight, int index, double delta, float[] x, float[] t, int batch)
    {
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            double[] a = x.Skip(s * network.InputSize).Take(network.InputSize).Select(v => (double)v).ToArray();
            foreach (var layer in network.Layers)
            {
                var w = layer.Weights;
                var b = layer.Biases;
                var next = new double[layer.Outputs];
                for (int o = 0; o < layer.Outputs; o++)
                {
                    double sum = b[o] + (layer == shifted && !weight && index == o ? delta : 0);
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        double wi = w[o * layer.Inputs + i] + (layer == shifted && weight && index == o * layer.Inputs + i ? delta : 0);
                        sum += wi * a[i];
                    }

                    next[o] = sum;
                }

                a = Apply(layer.Activation, next);
            }

            for (int j = 0; j < a.Length; j++)
            {
                double d = a[j] - t[s * network.OutputSize + j];
                total += d * d;
            }
        }

        return total / (batch * network.OutputSize);
    }

    private static double[] Apply(Activation activation, double[] z)
    {
        switch (activation)
        {
            case Activation.Tanh: return z.Select(Math.Tanh).ToArray();
            case Activation.Sigmoid: return z.Select(Reference.Sigmoid).ToArray();
            case Activation.Softmax:
                double max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                double sum = e.Sum();
                return e.Select(v => v / sum).ToArray();
            default: return z;
        }
    }
}
