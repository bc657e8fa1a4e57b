namespace Nn.Dense;

/// <summary>
/// The normalization a <see cref="DenseLayer"/> applies between Z = A·Wᵀ + b and its activation (PyTorch's
/// block order Linear → normalization → activation → dropout), with learned γ and β per output and ε = 10⁻⁵.
/// </summary>
public enum Normalization
{
    /// <summary>None: the activation takes Z.</summary>
    None,

    /// <summary>
    /// Batch normalization (BatchNorm1d): in training each output is normalized over the batch and running
    /// mean and variance are updated with momentum 0.1; at inference the running statistics are used, folded
    /// into the weights and bias.
    /// </summary>
    Batch,

    /// <summary>Layer normalization (LayerNorm over the layer's outputs): each sample is normalized over its outputs, in training and at inference alike.</summary>
    Layer,
}
