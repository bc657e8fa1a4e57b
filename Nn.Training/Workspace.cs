using System.Runtime.CompilerServices;
using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Per-thread, per-network scratch for a forward and backward pass: each layer's Z and H, and
/// two gradient buffers used alternately (a layer's dA must not overlap its dZ). Grown only when
/// a larger batch arrives, so a training step allocates nothing after the first.
/// </summary>
internal sealed class Workspace
{
    [ThreadStatic] private static ConditionalWeakTable<Network, Workspace>? perThread;

    private readonly Network network;
    private float[][] preActivations = [];
    private float[][] outputs = [];
    private float[] gradientA = [];
    private float[] gradientB = [];
    private int capacity;

    private Workspace(Network network) => this.network = network;

    /// <summary>The calling thread's workspace for <paramref name="network"/>, holding at least <paramref name="batch"/> rows.</summary>
    public static Workspace For(Network network, int batch)
    {
        perThread ??= [];
        if (!perThread.TryGetValue(network, out var workspace))
        {
            workspace = new Workspace(network);
            perThread.Add(network, workspace);
        }

        workspace.Reserve(batch);
        return workspace;
    }

    public Span<float> PreActivations(int layer, int batch) => preActivations[layer].AsSpan(0, batch * network.Layers[layer].Outputs);

    public Span<float> Outputs(int layer, int batch) => outputs[layer].AsSpan(0, batch * network.Layers[layer].Outputs);

    /// <summary>Gradient buffer 0 or 1, batch × <paramref name="width"/>.</summary>
    public Span<float> Gradient(int which, int batch, int width) => (which == 0 ? gradientA : gradientB).AsSpan(0, batch * width);

    /// <summary>Runs every layer's Forward: Z_l = H_(l−1)·W_lᵀ + b_l, H_l = f(Z_l), with H_(−1) = inputs.</summary>
    public void Forward(ReadOnlySpan<float> inputs, int batch)
    {
        ReadOnlySpan<float> current = inputs;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var output = Outputs(l, batch);
            network.Layers[l].Forward(current, batch, PreActivations(l, batch), output);
            current = output;
        }
    }

    private void Reserve(int batch)
    {
        if (batch <= capacity) return;
        int count = network.Layers.Count;
        preActivations = new float[count][];
        outputs = new float[count][];
        int widest = 0;
        for (int l = 0; l < count; l++)
        {
            var layer = network.Layers[l];
            preActivations[l] = new float[batch * layer.Outputs];
            outputs[l] = new float[batch * layer.Outputs];
            widest = Math.Max(widest, Math.Max(layer.Inputs, layer.Outputs));
        }

        gradientA = new float[batch * widest];
        gradientB = new float[batch * widest];
        capacity = batch;
    }
}
