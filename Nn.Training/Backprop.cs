using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Backpropagation for a batch (row per sample). It only orchestrates: the forward pass is
/// <see cref="Network.Forward(ReadOnlySpan{float}, int, ForwardCache)"/> (Z_l = A_l·W_lᵀ + b_l, H_l = f(Z_l), kept in a per-thread
/// <see cref="ForwardCache"/>), the loss gives its value and the gradient the last layer starts from
/// (∂L/∂H, or ∂L/∂Z = ŷ − y when it fuses with the activation), and each layer's
/// <see cref="DenseLayer.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Span{float}, Span{float}, Span{float})"/>
/// applies the δ rules dZ_l = dH_l ⊙ f'(Z_l), ∂L/∂W_l += dZ_lᵀ·A_l, ∂L/∂b_l += Σ_batch dZ_l,
/// dH_(l−1) = dZ_l·W_l, from the last layer to the first.
/// </summary>
public static class Backprop
{
    /// <summary>
    /// Forward and backward pass for one batch: returns the loss and ADDS ∂L/∂W, ∂L/∂b into
    /// <paramref name="grads"/> (clear them first for a fresh gradient). inputs is batch × InputSize;
    /// targets batch × OutputSize, or batch class indices (CrossEntropy only). Allocates nothing
    /// after the first call on a thread for a network and batch size (scratch is per thread).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A null or mis-sized argument, gradients shaped for another network, a loss that does not suit the
    /// last activation (CrossEntropy without Softmax), or invalid targets (wrong length, BCE targets outside
    /// [0, 1], class indices out of range or not integers).
    /// </exception>
    public static float ComputeGradients(Network network, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> targets, int batch, Loss loss, Gradients grads)
    {
        ArgumentNullException.ThrowIfNull(grads);
        Check(network, inputs, targets, batch, loss);
        return Run(network, inputs, targets, batch, loss, grads, Span<float>.Empty);
    }

    /// <summary>
    /// <see cref="ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/>
    /// that also copies the network's outputs of the forward pass (batch × OutputSize, e.g. the
    /// softmax probabilities, bit for bit what <see cref="Network.Predict(ReadOnlySpan{float}, int, Span{float})"/>
    /// gives before the update) into <paramref name="outputs"/>, for metrics such as accuracy
    /// without a second forward pass. Allocates nothing after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">As the overload without outputs, or outputs is not batch × OutputSize.</exception>
    public static float ComputeGradients(Network network, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> targets, int batch, Loss loss, Gradients grads, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(grads);
        Check(network, inputs, targets, batch, loss);
        CheckOutputs(network, batch, outputs);
        return Run(network, inputs, targets, batch, loss, grads, outputs);
    }

    /// <summary>
    /// Forward pass and loss for one batch, no gradients. Same arguments and checks as
    /// <see cref="ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/>;
    /// allocates nothing after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/>.</exception>
    public static float ComputeLoss(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        Check(network, inputs, targets, batch, loss);
        return Run(network, inputs, targets, batch, loss, null, Span<float>.Empty);
    }

    /// <summary>
    /// <see cref="ComputeLoss(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss)"/> that also
    /// copies the network's outputs (batch × OutputSize) into <paramref name="outputs"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As the overload without outputs, or outputs is not batch × OutputSize.</exception>
    public static float ComputeLoss(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss,
        Span<float> outputs)
    {
        Check(network, inputs, targets, batch, loss);
        CheckOutputs(network, batch, outputs);
        return Run(network, inputs, targets, batch, loss, null, outputs);
    }

    /// <summary>
    /// Forward pass, loss, the outputs copied out when wanted (not empty), and the backward pass when
    /// grads is given. The other arguments were checked by <see cref="Check"/>.
    /// </summary>
    private static float Run(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss,
        Gradients? grads, Span<float> outputs)
    {
        grads?.CheckShape(network, nameof(grads));

        var workspace = Workspace.For(network, batch);
        var cache = workspace.Cache;
        // Gradients are for training: batch statistics and dropout; a loss alone is an evaluation: running statistics, no dropout.
        network.Forward(inputs, batch, cache, training: grads is not null);
        int last = network.Layers.Count - 1;
        var lastLayer = network.Layers[last];
        double value = loss.Value(cache.PreActivations(last), cache.Outputs(last), targets, batch, lastLayer.Outputs, lastLayer.Activation);
        if (!outputs.IsEmpty) cache.Outputs(last).CopyTo(outputs);
        if (grads is not null) Backward(network, inputs, targets, batch, loss, grads, workspace);
        return (float)value;
    }

    /// <summary>
    /// From the loss gradient back to the first layer, each layer's dH_(l−1) written into the gradient
    /// buffer its dZ_l is not in. The first layer's dA is not needed and not computed.
    /// </summary>
    private static void Backward(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss,
        Gradients grads, Workspace workspace)
    {
        var cache = workspace.Cache;
        var layers = network.Layers;
        int last = layers.Count - 1;
        var lastLayer = layers[last];
        var kind = loss.Gradient(cache.Outputs(last), targets, batch, lastLayer.Outputs, lastLayer.Activation,
            workspace.Gradient(0, batch, lastLayer.Outputs));
        bool isPreActivationsGrad = kind == LossGradient.PreActivationsGrad;
        int which = 0;
        for (int l = last; l >= 0; l--)
        {
            var layer = layers[l];
            ReadOnlySpan<float> layerInputs = l == 0 ? inputs : cache.Outputs(l - 1);
            var current = workspace.Gradient(which, batch, layer.Outputs);
            var inputsGrad = l == 0 ? Span<float>.Empty : workspace.Gradient(1 - which, batch, layer.Inputs);
            layer.Backward(layerInputs, cache, l, current, isPreActivationsGrad,
                grads.WeightsGrad(l), grads.BiasesGrad(l), grads.ScaleGrad(l), grads.ShiftGrad(l), inputsGrad);

            // Only the loss can hand over dZ; a layer always hands its predecessor dH.
            isPreActivationsGrad = false;
            which = 1 - which;
        }
    }

    /// <summary>
    /// Restarts the dropout masks of the calling thread's training passes on <paramref name="network"/> from
    /// <paramref name="seed"/> (see <see cref="ForwardCache.SeedDropout"/>), so that a training run is reproducible.
    /// </summary>
    /// <exception cref="ArgumentNullException">network is null.</exception>
    public static void SeedDropout(Network network, long seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        Workspace.For(network, 1).Cache.SeedDropout(seed);
    }

    /// <summary>The calling thread's cache for <paramref name="network"/>: the latest forward pass of this class on this thread.</summary>
    internal static ForwardCache LatestCache(Network network) => Workspace.For(network, 1).Cache;

    private static void Check(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be positive.");
        long need = (long)batch * network.InputSize;
        if (inputs.Length != need)
        {
            throw new ArgumentException(
                $"inputs has {inputs.Length} elements; {batch} samples of {network.InputSize} need {need}.", nameof(inputs));
        }

        loss.CheckCompatible(network);
        loss.CheckTargets(targets, batch, network.OutputSize);
    }

    private static void CheckOutputs(Network network, int batch, Span<float> outputs)
    {
        long need = (long)batch * network.OutputSize;
        if (outputs.Length != need)
        {
            throw new ArgumentException(
                $"outputs has {outputs.Length} elements; {batch} samples of {network.OutputSize} need {need}.", nameof(outputs));
        }
    }
}
