using System.Runtime.CompilerServices;
using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Per-thread, per-network scratch for a forward and backward pass: the <see cref="ForwardCache"/>
/// (each layer's Z and H) and two gradient buffers used alternately (a layer's dA must not overlap
/// its dZ). Grown only when a larger batch arrives, so a training step allocates nothing after the first.
/// </summary>
internal sealed class Workspace
{
    [ThreadStatic] private static ConditionalWeakTable<Network, Workspace>? perThread;

    private float[] gradientA = [];
    private float[] gradientB = [];
    private int capacity;

    private Workspace(Network network) => Cache = new ForwardCache(network);

    /// <summary>Each layer's Z and H from the latest forward pass on this thread.</summary>
    public ForwardCache Cache { get; }

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

    /// <summary>Gradient buffer 0 or 1, batch × <paramref name="width"/>.</summary>
    public Span<float> Gradient(int which, int batch, int width) => (which == 0 ? gradientA : gradientB).AsSpan(0, batch * width);

    private void Reserve(int batch)
    {
        if (batch <= capacity) return;
        int widest = 0;
        foreach (var layer in Cache.Network.Layers) widest = Math.Max(widest, Math.Max(layer.Inputs, layer.Outputs));
        gradientA = new float[batch * widest];
        gradientB = new float[batch * widest];
        capacity = batch;
    }
}
