using Nn.Dense;
using SimdNn.Testing;

namespace Nn.Dense.Tests;

/// <summary>
/// Network.Forward, the training forward pass: it runs the same layer loop as Predict (so its
/// outputs are Predict's bit for bit), keeps every layer's Z and H in the ForwardCache, and allocates
/// nothing once the cache is large enough.
/// </summary>
public class ForwardCacheTests
{
    [Fact]
    public void Forward_gives_predicts_outputs_bit_for_bit_and_keeps_every_layers_z_and_h()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var network = TestNetworks.RandomNetwork(random, maxWidth: 80);
            int batch = random.Next(1, 20);
            var x = TestNetworks.RandomArray(random, batch * network.InputSize);
            var predicted = new float[batch * network.OutputSize];
            network.Predict(x, batch, predicted);

            var cache = new ForwardCache(network);
            network.Forward(x, batch, cache);
            string context = $"seed {seed}, batch {batch}, {TestNetworks.Describe(network)}";
            Assert.True(predicted.AsSpan().SequenceEqual(cache.Outputs(network.Layers.Count - 1)), context);
            Assert.Equal(batch, cache.Batch);

            // Each layer's Z and H are exactly what that layer's own Forward gives on the previous H.
            ReadOnlySpan<float> a = x;
            for (int l = 0; l < network.Layers.Count; l++)
            {
                var layer = network.Layers[l];
                var z = new float[batch * layer.Outputs];
                var h = new float[batch * layer.Outputs];
                layer.Forward(a, batch, z, h);
                Assert.True(z.AsSpan().SequenceEqual(cache.PreActivations(l)), $"{context}: Z of layer {l}");
                Assert.True(h.AsSpan().SequenceEqual(cache.Outputs(l)), $"{context}: H of layer {l}");
                a = cache.Outputs(l);
            }
        }
    }

    [Fact]
    public void A_smaller_batch_reuses_the_cache_and_allocates_nothing()
    {
        var network = new Network(new DenseLayer(6, 5, Activation.Relu), new DenseLayer(5, 3, Activation.Softmax));
        network.Initialize(2);
        var x = TestNetworks.RandomArray(new Random(3), 8 * 6);
        var cache = new ForwardCache(network);
        network.Forward(x, 8, cache);
        Assert.Equal(8, cache.Capacity);
        void Run() => network.Forward(x.AsSpan(0, 3 * 6), 3, cache);
        Run();
        Assert.Equal(0, Allocations.FewestPerRun(Run));
        Assert.Equal(8, cache.Capacity);
        Assert.Equal(3, cache.Batch);
        Assert.Equal(3 * 3, cache.Outputs(1).Length);
    }

    [Fact]
    public void Forward_rejects_a_foreign_cache_and_bad_arguments()
    {
        var network = new Network(new DenseLayer(2, 2, Activation.Tanh));
        var other = new Network(new DenseLayer(2, 2, Activation.Tanh));
        Assert.Equal("cache", Assert.Throws<ArgumentException>(() => network.Forward(new float[2], 1, new ForwardCache(other))).ParamName);
        Assert.Throws<ArgumentNullException>(() => network.Forward(new float[2], 1, null!));
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.Forward(new float[3], 1, new ForwardCache(network))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(new float[2], -1, new ForwardCache(network)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForwardCache(network).Outputs(1));
    }

    [Fact]
    public void An_empty_batch_and_a_fresh_cache_give_empty_spans()
    {
        var network = new Network(new DenseLayer(2, 3, Activation.Relu), new DenseLayer(3, 2, Activation.Identity));
        var cache = new ForwardCache(network);
        Assert.Equal(0, cache.Outputs(1).Length);
        network.Forward([], 0, cache);
        Assert.Equal(0, cache.PreActivations(0).Length);
        Assert.Equal(0, cache.Capacity);
    }
}
