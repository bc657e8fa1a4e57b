using Nn.Dense;
using Numerics.Simd;

namespace Nn.Training;

/// <summary>
/// Backpropagation for a batch (row per sample). Forward: Z_l = A_l·W_lᵀ + b_l, H_l = f(Z_l).
/// Backward (the δ rules): dZ_L = ∂L/∂H_L ⊙ f'(Z_L) (or fused by the loss), dZ_l = (dZ_(l+1)·W_(l+1)) ⊙ f'(Z_l),
/// ∂L/∂W_l += dZ_lᵀ·A_l, ∂L/∂b_l += Σ_batch dZ_l. Every product is one GEMM call.
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
        grads.CheckShape(network, nameof(grads));

        var workspace = Workspace.For(network, batch);
        workspace.Forward(inputs, batch);
        var layers = network.Layers;
        int last = layers.Count - 1;
        var lastLayer = layers[last];
        var gradient = workspace.Gradient(0, batch, lastLayer.Outputs);
        double value = loss.Evaluate(workspace.PreActivations(last, batch), workspace.Outputs(last, batch),
            targets, batch, lastLayer.Outputs, lastLayer.Activation, gradient, out bool fused);

        int which = 0;
        for (int l = last; l >= 0; l--)
        {
            var layer = layers[l];
            ReadOnlySpan<float> layerInputs = l == 0 ? inputs : workspace.Outputs(l - 1, batch);
            var current = workspace.Gradient(which, batch, layer.Outputs);
            var inputsGrad = l == 0 ? Span<float>.Empty : workspace.Gradient(1 - which, batch, layer.Inputs);
            if (l == last && fused)
            {
                BackwardFromPreActivationGrad(layer, layerInputs, current, batch, grads.WeightsGrad(l), grads.BiasesGrad(l), inputsGrad);
            }
            else
            {
                layer.Backward(layerInputs, workspace.PreActivations(l, batch), workspace.Outputs(l, batch), current, batch,
                    current, grads.WeightsGrad(l), grads.BiasesGrad(l), inputsGrad);
            }

            which = 1 - which;
        }

        return (float)value;
    }

    /// <summary>
    /// Forward pass and loss for one batch, no gradients. Same arguments and checks as
    /// <see cref="ComputeGradients"/>; allocates nothing after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="ComputeGradients"/>.</exception>
    public static float ComputeLoss(Network network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        Check(network, inputs, targets, batch, loss);
        var workspace = Workspace.For(network, batch);
        workspace.Forward(inputs, batch);
        int last = network.Layers.Count - 1;
        var lastLayer = network.Layers[last];
        return (float)loss.Evaluate(workspace.PreActivations(last, batch), workspace.Outputs(last, batch),
            targets, batch, lastLayer.Outputs, lastLayer.Activation, Span<float>.Empty, out _);
    }

    /// <summary>The last layer's outputs (batch × OutputSize) left by the latest pass on this thread.</summary>
    internal static ReadOnlySpan<float> LastOutputs(Network network, int batch)
    {
        var workspace = Workspace.For(network, batch);
        return workspace.Outputs(network.Layers.Count - 1, batch);
    }

    /// <summary>
    /// The layer backward when the loss already gave dZ (fused softmax/CE, sigmoid/BCE):
    /// dW += dZᵀ·A, db += Σ_batch dZ, dA = dZ·W (skipped when inputsGrad is empty).
    /// </summary>
    private static void BackwardFromPreActivationGrad(DenseLayer layer, ReadOnlySpan<float> inputs, ReadOnlySpan<float> preActivationsGrad,
        int batch, Span<float> weightsGrad, Span<float> biasesGrad, Span<float> inputsGrad)
    {
        int inputCount = layer.Inputs, outputCount = layer.Outputs;
        Gemm.Multiply(Transpose.Yes, Transpose.No, outputCount, inputCount, batch, 1f,
            preActivationsGrad, outputCount, inputs, inputCount, 1f, weightsGrad, inputCount);
        Reductions.AddColumnSums(preActivationsGrad, batch, outputCount, biasesGrad);

        if (!inputsGrad.IsEmpty)
        {
            Gemm.Multiply(Transpose.No, Transpose.No, batch, inputCount, outputCount, 1f,
                preActivationsGrad, outputCount, layer.ReadOnlyWeights, inputCount, 0f, inputsGrad, inputCount);
        }
    }

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
}
