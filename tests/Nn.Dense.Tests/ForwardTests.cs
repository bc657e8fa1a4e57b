using FsCheck;
using FsCheck.Xunit;
using Nn.Dense;
using Nn.Dense.Tests.Reference;

namespace Nn.Dense.Tests;

/// <summary>Predict against the double-precision reference network, within the bound derived in <see cref="ReferenceNetwork"/>.</summary>
public class ForwardTests
{
    [Property(MaxTest = 30)]
    public void Batch_predict_matches_the_reference_within_the_error_bound(NonNegativeInt seed)
    {
        var random = new Random(seed.Get);
        var network = TestNetworks.RandomNetwork(random);
        int batch = random.Next(1, 71);
        var inputs = TestNetworks.RandomArray(random, batch * network.InputSize);
        var outputs = new float[batch * network.OutputSize];
        network.Predict(inputs, batch, outputs);
        AssertWithinBound(network, inputs, batch, outputs, $"seed {seed.Get}, batch {batch}");
    }

    [Property(MaxTest = 30)]
    public void Single_predict_matches_the_reference_within_the_error_bound(NonNegativeInt seed)
    {
        var random = new Random(seed.Get);
        var network = TestNetworks.RandomNetwork(random);
        var input = TestNetworks.RandomArray(random, network.InputSize);
        var output = new float[network.OutputSize];
        network.Predict(input, output);
        AssertWithinBound(network, input, 1, output, $"seed {seed.Get}, single");
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Softmax)]
    public void Every_activation_matches_the_reference_at_batch_sizes_around_kernel_edges(Activation activation)
    {
        var random = new Random(17 + (int)activation);
        var network = new Network(
            new DenseLayer(37, 33, Activation.Tanh),
            new DenseLayer(33, 17, activation) { NegativeSlope = 0.2f });
        network.Initialize(5);
        foreach (var layer in network.Layers) TestNetworks.Fill(random, layer.Biases, 0.5f);
        foreach (int batch in new[] { 1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 16, 17, 31, 32, 33, 64, 70, 128, 129, 131 })
        {
            var inputs = TestNetworks.RandomArray(random, batch * network.InputSize, 2f);
            var outputs = new float[batch * network.OutputSize];
            network.Predict(inputs, batch, outputs);
            AssertWithinBound(network, inputs, batch, outputs, $"{activation}, batch {batch}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(70)]
    [InlineData(257)]
    public void Relu_fused_into_the_product_gives_bitwise_what_keeping_Z_gives(int batch)
    {
        // Predict passes Z and H as one span, so a ReLU layer runs its activation inside the
        // product; training keeps Z and applies it in a second pass. Both must agree exactly,
        // or a trained network would not predict what it was trained to.
        var random = new Random(batch);
        var layer = new DenseLayer(77, 45, Activation.Relu);
        TestNetworks.Fill(random, layer.Weights, 0.3f);
        TestNetworks.Fill(random, layer.Biases, 0.5f);
        var inputs = TestNetworks.RandomArray(random, batch * layer.Inputs, 2f);
        var z = new float[batch * layer.Outputs];
        var separate = new float[batch * layer.Outputs];
        var fused = new float[batch * layer.Outputs];
        layer.Forward(inputs, batch, z, separate);
        layer.Forward(inputs, batch, fused, fused);
        Assert.Equal(separate, fused);
        Assert.Contains(0f, fused);
        Assert.Contains(z, value => value < 0);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(255, 31, 13)]
    [InlineData(256, 32, 12)]
    [InlineData(257, 33, 25)]
    [InlineData(300, 65, 70)]
    public void Layer_forward_keeps_the_pre_activations_within_the_bound(int inputs, int outputs, int batch)
    {
        var random = new Random(inputs * 1000 + outputs);
        var layer = new DenseLayer(inputs, outputs, Activation.Sigmoid);
        TestNetworks.Fill(random, layer.Weights, 1f / MathF.Sqrt(inputs));
        TestNetworks.Fill(random, layer.Biases, 0.5f);
        var a = TestNetworks.RandomArray(random, batch * inputs);
        var z = new float[batch * outputs];
        var h = new float[batch * outputs];
        layer.Forward(a, batch, z, h);

        var reference = new ReferenceLayer(layer);
        var exactInputs = a.Select(x => (double)x).ToArray();
        var wantZ = reference.Affine(exactInputs, batch);
        var boundZ = ReferenceNetwork.AffineBound(reference, exactInputs, new double[exactInputs.Length], batch);
        var wantH = reference.Activate(wantZ, batch);
        var boundH = ReferenceNetwork.ActivationBound(reference, wantZ, boundZ, wantH, batch);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.True(Math.Abs(z[i] - wantZ[i]) <= boundZ[i], $"{inputs}x{outputs} batch {batch}: z[{i}] = {z[i]:R}, reference {wantZ[i]:R}");
            Assert.True(Math.Abs(h[i] - wantH[i]) <= boundH[i], $"{inputs}x{outputs} batch {batch}: h[{i}] = {h[i]:R}, reference {wantH[i]:R}");
        }
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_survive_huge_logits()
    {
        var layer = new DenseLayer(2, 3, Activation.Softmax);
        layer.CopyWeightsFrom([1000f, 0f, 0f, 1000f, -1000f, -1000f]);
        var network = new Network(layer);
        var output = new float[3];
        network.Predict([1f, 0.5f], output);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
        Assert.True(Math.Abs(output.Sum() - 1f) <= 4 * 3 * ReferenceNetwork.Unit);
        Assert.Equal(1f, output[0]);
    }

    [Fact]
    public void Batch_zero_is_a_no_op()
    {
        var network = new Network(new DenseLayer(3, 2, Activation.Relu));
        network.Predict(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty);
    }

    internal static void AssertWithinBound(Network network, float[] inputs, int batch, float[] outputs, string context)
    {
        var (want, bound) = ReferenceNetwork.Forward(network, inputs, batch);
        for (int i = 0; i < outputs.Length; i++)
        {
            double error = Math.Abs(outputs[i] - want[i]);
            if (!(error <= bound[i]))
            {
                Assert.Fail($"{context}, network {TestNetworks.Describe(network)}: output[{i}] (row {i / network.OutputSize}) = {outputs[i]:R}, " +
                    $"reference {want[i]:R}, error {error:E3} > bound {bound[i]:E3}.");
            }
        }
    }
}
