using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// The training-step suites' shared set-up: the 784-256-128-10 MLP (ReLU, ReLU, Softmax) from seed 42, and a
/// batch of uniform [0, 1) pixels with class-index labels from seed 7, so that every suite steps the same model on the same data.
/// </summary>
internal static class TrainingStepSetup
{
    /// <summary>The MLP, with <paramref name="normalization"/> and dropout on both hidden layers.</summary>
    public static Network Mlp(Normalization normalization = Normalization.None, float dropoutRate = 0f)
    {
        var network = new Network(
            new DenseLayer(784, 256, Activation.Relu, normalization, dropoutRate),
            new DenseLayer(256, 128, Activation.Relu, normalization, dropoutRate),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(42);
        return network;
    }

    /// <summary>batch × 784 inputs and batch labels in 0..9.</summary>
    public static (float[] Inputs, float[] Labels) Batch(int batch)
    {
        var random = new Random(7);
        var inputs = new float[batch * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        var labels = new float[batch];
        for (int i = 0; i < labels.Length; i++) labels[i] = random.Next(10);
        return (inputs, labels);
    }
}
