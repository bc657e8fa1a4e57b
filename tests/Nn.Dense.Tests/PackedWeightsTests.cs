namespace Nn.Dense.Tests;

/// <summary>
/// The layer's packed copy of its weights never serves stale values: after any way of changing
/// the weights, the next Predict agrees with the reference computed from the weights as they are.
/// </summary>
public class PackedWeightsTests
{
    private static Network TwoLayers()
    {
        var network = new Network(new DenseLayer(40, 33, Activation.Tanh), new DenseLayer(33, 7, Activation.Identity));
        network.Initialize(3);
        return network;
    }

    /// <summary>Predicts at batch 1 and 20 (the two kernels) and checks both against the reference; returns the batch-1 output.</summary>
    private static float[] PredictAndCheck(Network network, float[] inputs, string context)
    {
        var single = new float[network.OutputSize];
        network.Predict(inputs.AsSpan(0, network.InputSize), single);
        ForwardTests.AssertWithinBound(network, inputs[..network.InputSize], 1, single, context + ", batch 1");
        var batch = new float[20 * network.OutputSize];
        network.Predict(inputs, 20, batch);
        ForwardTests.AssertWithinBound(network, inputs, 20, batch, context + ", batch 20");
        return single;
    }

    [Fact]
    public void Writes_through_the_weights_span_are_seen_by_the_next_predict()
    {
        var network = TwoLayers();
        var inputs = TestNetworks.RandomArray(new Random(1), 20 * network.InputSize);
        var before = PredictAndCheck(network, inputs, "initial");

        var weights = network.Layers[0].Weights;
        for (int i = 0; i < weights.Length; i++) weights[i] = -weights[i];
        var after = PredictAndCheck(network, inputs, "after negating layer 0 in place");
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void CopyWeightsFrom_is_seen_by_the_next_predict()
    {
        var network = TwoLayers();
        var inputs = TestNetworks.RandomArray(new Random(2), 20 * network.InputSize);
        var before = PredictAndCheck(network, inputs, "initial");

        var layer = network.Layers[1];
        var replacement = TestNetworks.RandomArray(new Random(3), layer.Inputs * layer.Outputs);
        layer.CopyWeightsFrom(replacement);
        var after = PredictAndCheck(network, inputs, "after CopyWeightsFrom on layer 1");
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Initialize_again_is_seen_by_the_next_predict()
    {
        var network = TwoLayers();
        var inputs = TestNetworks.RandomArray(new Random(4), 20 * network.InputSize);
        var before = PredictAndCheck(network, inputs, "seed 3");
        network.Initialize(4);
        var after = PredictAndCheck(network, inputs, "seed 4");
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Repacking_after_a_change_allocates_nothing()
    {
        var network = TwoLayers();
        var inputs = TestNetworks.RandomArray(new Random(5), network.InputSize);
        var output = new float[network.OutputSize];
        network.Predict(inputs, output);

        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            network.Layers[0].Weights[0] += 1f;
            network.Predict(inputs, output);
        }));
    }
}
