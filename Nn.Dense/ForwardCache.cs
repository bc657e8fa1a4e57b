namespace Nn.Dense;

/// <summary>
/// What a training forward pass (<see cref="Network.Forward(ReadOnlySpan{float}, int, ForwardCache)"/>) keeps for the backward pass: for
/// every layer l, its pre-activations Z_l and outputs H_l, each batch × Outputs_l, row per sample
/// (the "cache" of the lecture notes). <see cref="Network.Predict(ReadOnlySpan{float}, int, Span{float})"/>
/// needs none of it and keeps none. The buffers grow to the largest batch passed and are reused,
/// so a forward pass allocates nothing once they are large enough. Not thread-safe: one cache per
/// thread.
/// </summary>
public sealed class ForwardCache
{
    private float[][] preActivations;
    private float[][] outputs;

    // Only for layers with normalization or dropout (empty otherwise): x̂ (Z before γ and β), f(Y) before
    // dropout, the dropout mask, and the normalization's statistics and backward scratch.
    private readonly float[][] normalized;
    private readonly float[][] activated;
    private readonly float[][] masks;
    private readonly float[][] statistics;
    private DropoutGenerator generator = new(0);

    /// <summary>An empty cache for <paramref name="network"/>; it grows on the first forward pass.</summary>
    /// <exception cref="ArgumentNullException">network is null.</exception>
    public ForwardCache(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        preActivations = Empty(network.Layers.Count);
        outputs = Empty(network.Layers.Count);
        normalized = Empty(network.Layers.Count);
        activated = Empty(network.Layers.Count);
        masks = Empty(network.Layers.Count);
        statistics = Empty(network.Layers.Count);
    }

    /// <summary>The network whose layers this cache holds.</summary>
    public Network Network { get; }

    /// <summary>The rows of the latest forward pass (0 before the first).</summary>
    public int Batch { get; private set; }

    /// <summary>The most rows the buffers hold without growing.</summary>
    public int Capacity { get; private set; }

    /// <summary>
    /// Restarts the dropout masks' generator from <paramref name="seed"/>: the masks of the training forward
    /// passes that follow depend only on the seed and the order of the passes (a new cache starts from seed 0).
    /// </summary>
    public void SeedDropout(long seed) => generator = new DropoutGenerator((ulong)seed);

    /// <summary>
    /// The activation's input of the latest forward pass: Z_l = H_(l−1)·W_lᵀ + b_l, or for a layer with
    /// normalization Y_l = γ·x̂_l + β; Batch × Outputs of layer <paramref name="layer"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not a layer index of the network.</exception>
    public ReadOnlySpan<float> PreActivations(int layer) => PreActivationsBuffer(CheckLayer(layer));

    /// <summary>
    /// H_l = f(Z_l) of the latest forward pass (after dropout, in training): Batch × Outputs of layer
    /// <paramref name="layer"/>; the last layer's are the network's outputs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not a layer index of the network.</exception>
    public ReadOnlySpan<float> Outputs(int layer) => OutputsBuffer(CheckLayer(layer));

    internal Span<float> PreActivationsBuffer(int layer) => preActivations[layer].AsSpan(0, Batch * Network.Layers[layer].Outputs);

    internal Span<float> OutputsBuffer(int layer) => outputs[layer].AsSpan(0, Batch * Network.Layers[layer].Outputs);

    /// <summary>The dropout mask of the latest training forward pass (0 or 1/(1 − p) per output), empty for a layer without dropout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not a layer index of the network.</exception>
    public ReadOnlySpan<float> DropoutMask(int layer) => Extra(masks, CheckLayer(layer));

    internal Span<float> NormalizedBuffer(int layer) => Extra(normalized, layer);

    internal Span<float> ActivatedBuffer(int layer) => Extra(activated, layer);

    internal Span<float> MaskBuffer(int layer) => Extra(masks, layer);

    internal Span<float> StatisticsBuffer(int layer) => statistics[layer];

    internal ref DropoutGenerator Generator => ref generator;

    private Span<float> Extra(float[][] buffers, int layer) =>
        buffers[layer].Length == 0 ? Span<float>.Empty : buffers[layer].AsSpan(0, Batch * Network.Layers[layer].Outputs);

    /// <summary>Sizes the buffers for <paramref name="batch"/> rows (growing them if needed) and makes it the current batch.</summary>
    internal void Reserve(int batch)
    {
        if (batch > Capacity)
        {
            var layers = Network.Layers;
            var newPreActivations = new float[layers.Count][];
            var newOutputs = new float[layers.Count][];
            for (int l = 0; l < layers.Count; l++)
            {
                var layer = layers[l];
                long size = (long)batch * layer.Outputs;
                newPreActivations[l] = new float[size];
                newOutputs[l] = new float[size];
                bool normalizes = layer.Normalization != Normalization.None, drops = layer.DropoutRate > 0;
                normalized[l] = normalizes ? new float[size] : [];
                statistics[l] = normalizes ? new float[batch + 4L * layer.Outputs] : [];
                activated[l] = drops ? new float[size] : [];
                masks[l] = drops ? new float[size] : [];
            }

            preActivations = newPreActivations;
            outputs = newOutputs;
            Capacity = batch;
        }

        Batch = batch;
    }

    private static float[][] Empty(int layers) => Enumerable.Repeat(Array.Empty<float>(), layers).ToArray();

    private int CheckLayer(int layer)
    {
        int count = Network.Layers.Count;
        if ((uint)layer >= (uint)count) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {count}).");
        return layer;
    }
}
