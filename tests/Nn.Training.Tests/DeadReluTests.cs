using Nn.Dense;

namespace Nn.Training.Tests;

public class DeadReluTests
{
    [Fact]
    public void Units_negative_for_every_sample_are_reported_and_others_are_not()
    {
        var hidden = new DenseLayer(2, 4, Activation.Relu);
        // Unit 0: z = x0 (alive for x0 > 0); unit 1: z = −10 (dead); unit 2: z = x0 + x1 − 100 (dead on this data);
        // unit 3: z = 0 exactly (f'(0) = 0, so dead too).
        hidden.CopyWeightsFrom([1, 0, 0, 0, 1, 1, 0, 0]);
        hidden.CopyBiasesFrom([0, -10, -100, 0]);
        // The second ReLU layer keeps zero weights and biases: z = 0 for every sample, so both units are dead.
        var network = new Network(hidden, new DenseLayer(4, 2, Activation.Relu), new DenseLayer(2, 2, Activation.Softmax));
        float[] inputs = [1, 2, -3, 4, 0.5f, 0.5f];
        var report = DeadReluReport.Analyze(network, inputs, 3, chunk: 2);
        Assert.Equal(2, report.Layers.Count);
        Assert.Equal(0, report.Layers[0].Layer);
        Assert.Equal([1, 2, 3], report.Layers[0].DeadUnits);
        Assert.Equal(0.75, report.Layers[0].DeadFraction);
        Assert.Equal([0, 1], report.Layers[1].DeadUnits);
        Assert.Equal(5, report.TotalDead);
    }
}
