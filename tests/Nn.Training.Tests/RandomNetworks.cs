using Nn.Dense;

namespace Nn.Training.Tests;

/// <summary>Small seeded random networks, inputs and targets for the gradient tests.</summary>
internal static class RandomNetworks
{
    public static readonly Activation[] Hidden = [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu];

    /// <summary>1 to 3 layers of width 1 to 6 (at least 2 outputs for Softmax), random hidden activations, last as given.</summary>
    public static Network Create(Random random, Activation last, int? outputs = null)
    {
        int depth = random.Next(1, 4);
        int inputs = random.Next(1, 7);
        var layers = new DenseLayer[depth];
        for (int l = 0; l < depth; l++)
        {
            bool isLast = l == depth - 1;
            int width = isLast ? outputs ?? random.Next(last == Activation.Softmax ? 2 : 1, 7) : random.Next(1, 7);
            var activation = isLast ? last : Hidden[random.Next(Hidden.Length)];
            layers[l] = new DenseLayer(l == 0 ? inputs : layers[l - 1].Outputs, width, activation) { NegativeSlope = 0.1f };
            inputs = width;
        }

        var network = new Network(layers);
        network.Initialize(random.Next());
        foreach (var layer in network.Layers)
        {
            // Non-zero biases, so that the bias gradients are exercised at a generic point.
            for (int i = 0; i < layer.Biases.Length; i++) layer.Biases[i] = (float)(random.NextDouble() - 0.5);
        }

        return network;
    }

    public static float[] Normal(Random random, int count, double scale = 1)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    /// <summary>Probability rows (each sums to 1, up to float rounding).</summary>
    public static float[] ProbabilityRows(Random random, int rows, int width)
    {
        var values = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < width; j++) sum += values[r * width + j] = (float)random.NextDouble() + 0.01f;
            for (int j = 0; j < width; j++) values[r * width + j] = (float)(values[r * width + j] / sum);
        }

        return values;
    }

    public static float[] Uniform01(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();

    public static double[] ToDouble(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();
}
