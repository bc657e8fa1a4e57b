namespace Nn.Training;

/// <summary>How a loss combines its per-element terms (PyTorch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The sum divided by the element count (MSE, BCE) or by the batch size (cross-entropy).</summary>
    Mean,

    /// <summary>The plain sum over the batch.</summary>
    Sum,
}
