using Nn.Dense;

namespace Nn.Onnx.Tests.Reference;

/// <summary>
/// The ground truth of a test model: one dense layer, weights [outputs × inputs] row-major
/// (PyTorch nn.Linear), biases [outputs]. Tests build both our Network and ONNX graphs from it.
/// </summary>
public sealed record LayerSpec(int Inputs, int Outputs, float[] Weights, float[] Biases, Activation Activation, float NegativeSlope = 0.01f)
{
    public static LayerSpec Random(Random random, int inputs, int outputs, Activation activation, float negativeSlope = 0.01f)
    {
        // Uniform in ±1/√inputs, PyTorch's nn.Linear default: pre-activations stay O(1).
        float scale = 1f / MathF.Sqrt(inputs);
        var weights = new float[outputs * inputs];
        var biases = new float[outputs];
        for (int i = 0; i < weights.Length; i++) weights[i] = scale * (2 * random.NextSingle() - 1);
        for (int i = 0; i < biases.Length; i++) biases[i] = scale * (2 * random.NextSingle() - 1);
        return new LayerSpec(inputs, outputs, weights, biases, activation, negativeSlope);
    }

    public DenseLayer ToLayer()
    {
        var layer = new DenseLayer(Inputs, Outputs, Activation) { NegativeSlope = NegativeSlope };
        layer.CopyWeightsFrom(Weights);
        layer.CopyBiasesFrom(Biases);
        return layer;
    }

    public static Network ToNetwork(IReadOnlyList<LayerSpec> specs) => new(specs.Select(s => s.ToLayer()).ToArray());

    public static LayerSpec[] FromNetwork(Network network) => network.Layers.Select(layer =>
    {
        var weights = new float[layer.Outputs * layer.Inputs];
        var biases = new float[layer.Outputs];
        layer.CopyWeightsTo(weights);
        layer.CopyBiasesTo(biases);
        return new LayerSpec(layer.Inputs, layer.Outputs, weights, biases, layer.Activation, layer.NegativeSlope);
    }).ToArray();
}
