using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Gradients of a loss with respect to every parameter of a <see cref="Network"/>: per layer,
/// ∂L/∂W ([Outputs × Inputs] row-major, like the weights), ∂L/∂b ([Outputs]) and, for a layer with
/// normalization, ∂L/∂γ and ∂L/∂β ([Outputs]).
/// <see cref="Backprop.ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/> adds into them; call <see cref="Clear"/> between steps.
/// </summary>
public sealed class Gradients
{
    private readonly float[][] weights;
    private readonly float[][] biases;
    private readonly float[][] scales;
    private readonly float[][] shifts;

    /// <summary>Zero gradients shaped like <paramref name="network"/>'s parameters.</summary>
    /// <exception cref="ArgumentNullException">network is null.</exception>
    public Gradients(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int count = network.Layers.Count;
        weights = new float[count][];
        biases = new float[count][];
        scales = new float[count][];
        shifts = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var layer = network.Layers[i];
            weights[i] = new float[layer.Outputs * layer.Inputs];
            biases[i] = new float[layer.Outputs];
            scales[i] = new float[layer.NormalizationScale.Length];
            shifts[i] = new float[layer.NormalizationShift.Length];
        }
    }

    /// <summary>The number of layers.</summary>
    public int LayerCount => weights.Length;

    /// <summary>∂L/∂W of layer <paramref name="layer"/>, [Outputs × Inputs] row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not in [0, LayerCount).</exception>
    public ReadOnlySpan<float> Weights(int layer) => weights[CheckLayer(layer)];

    /// <summary>∂L/∂b of layer <paramref name="layer"/>, [Outputs].</summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not in [0, LayerCount).</exception>
    public ReadOnlySpan<float> Biases(int layer) => biases[CheckLayer(layer)];

    /// <summary>∂L/∂γ of layer <paramref name="layer"/>'s normalization, [Outputs] (empty without normalization).</summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not in [0, LayerCount).</exception>
    public ReadOnlySpan<float> NormalizationScale(int layer) => scales[CheckLayer(layer)];

    /// <summary>∂L/∂β of layer <paramref name="layer"/>'s normalization, [Outputs] (empty without normalization).</summary>
    /// <exception cref="ArgumentOutOfRangeException">layer is not in [0, LayerCount).</exception>
    public ReadOnlySpan<float> NormalizationShift(int layer) => shifts[CheckLayer(layer)];

    /// <summary>Sets every gradient to 0.</summary>
    public void Clear()
    {
        foreach (var array in weights) Array.Clear(array);
        foreach (var array in biases) Array.Clear(array);
        foreach (var array in scales) Array.Clear(array);
        foreach (var array in shifts) Array.Clear(array);
    }

    internal Span<float> WeightsGrad(int layer) => weights[layer];

    internal Span<float> BiasesGrad(int layer) => biases[layer];

    internal Span<float> ScaleGrad(int layer) => scales[layer];

    internal Span<float> ShiftGrad(int layer) => shifts[layer];

    /// <summary>Throws unless these gradients have the shapes of <paramref name="network"/>'s parameters.</summary>
    internal void CheckShape(Network network, string name)
    {
        if (network.Layers.Count != weights.Length)
        {
            throw new ArgumentException($"{name} has {weights.Length} layers; the network has {network.Layers.Count}.", name);
        }

        for (int i = 0; i < weights.Length; i++)
        {
            var layer = network.Layers[i];
            if (weights[i].Length != layer.Outputs * layer.Inputs || biases[i].Length != layer.Outputs
                || scales[i].Length != layer.NormalizationScale.Length)
            {
                throw new ArgumentException(
                    $"{name} layer {i} is shaped for another network (the layer is {layer.Inputs}→{layer.Outputs}).", name);
            }
        }
    }

    private int CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)weights.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {weights.Length}).");
        }

        return layer;
    }
}
