using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Random architectures and data for the tests, all derived from one seed.</summary>
internal static class TestNetworks
{
    private static readonly Activation[] Hidden =
        [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu];

    /// <summary>1-4 layers, widths 1-300, every activation (Softmax only last), random biases.</summary>
    public static Network RandomNetwork(Random random, int maxWidth = 300)
    {
        int layerCount = random.Next(1, 5);
        int width = RandomWidth(random, maxWidth);
        var layers = new DenseLayer[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            int outputs = RandomWidth(random, maxWidth);
            bool last = i == layerCount - 1;
            var activation = last && random.Next(6) == 0 ? Activation.Softmax : Hidden[random.Next(Hidden.Length)];
            layers[i] = new DenseLayer(width, outputs, activation) { NegativeSlope = (float)(random.NextDouble() * 0.3) };
            width = outputs;
        }

        var network = new Network(layers);
        network.Initialize(random.Next());
        foreach (var layer in network.Layers) Fill(random, layer.Biases, 0.5f);
        return network;
    }

    /// <summary>Widths lean small (where remainder paths live) but reach the maximum.</summary>
    public static int RandomWidth(Random random, int maxWidth) =>
        random.Next(3) == 0 ? random.Next(1, maxWidth + 1) : random.Next(1, Math.Min(maxWidth, 40) + 1);

    public static float[] RandomArray(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        Fill(random, values, scale);
        return values;
    }

    public static void Fill(Random random, Span<float> values, float scale)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
    }

    public static string Describe(Network network) =>
        string.Join(" -> ", network.Layers.Select(l => $"{l.Inputs}x{l.Outputs} {l.Activation}"));
}
