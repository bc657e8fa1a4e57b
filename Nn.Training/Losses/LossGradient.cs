namespace Nn.Training;

/// <summary>Which gradient <see cref="Loss.Gradient"/> wrote: the one the last layer's backward pass starts from.</summary>
internal enum LossGradient
{
    /// <summary>∂L/∂H, with respect to the last layer's outputs; the layer applies f'(Z) itself.</summary>
    OutputsGrad,

    /// <summary>∂L/∂Z, with respect to the last layer's pre-activations: the loss went through the activation (ŷ − y).</summary>
    PreActivationsGrad,
}
