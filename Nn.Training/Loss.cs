using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// A loss L(y, t) over a batch of network outputs y (batch × outputs, row per sample) and
/// targets t, with PyTorch's conventions. Targets are batch × outputs (one-hot, probabilities
/// or regression values) or, for <see cref="CrossEntropy"/> only, batch class indices stored
/// as floats (told apart by length).
/// </summary>
public abstract class Loss
{
    private protected Loss(Reduction reduction)
    {
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction.");
        Reduction = reduction;
    }

    /// <summary>Mean or Sum.</summary>
    public Reduction Reduction { get; }

    /// <summary>A short name, e.g. "CrossEntropy".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Mean squared error, without PyTorch's missing ½: Sum gives Σ(y − t)², Mean divides by
    /// batch·outputs. ∂L/∂y = 2(y − t) (/ batch·outputs for Mean). Works with any last activation
    /// (the chain rule goes through the layer's own derivative).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">reduction is undefined.</exception>
    public static Loss MeanSquaredError(Reduction reduction = Reduction.Mean) => new MeanSquaredErrorLoss(reduction);

    /// <summary>
    /// Cross-entropy L = −Σ_i Σ_j t_ij·log softmax(z_i)_j (Mean: / batch). Needs a Softmax last
    /// layer, or a LogSoftmax one (then it is PyTorch's NLLLoss on the log-probabilities, the same number); the log-softmax is computed from the saved logits z by log-sum-exp, so the loss
    /// stays finite when a probability underflows to 0. Gradient with respect to the logits,
    /// fused: y·Σ_j t_ij − t_ij, i.e. y − t for one-hot or probability targets (/ batch for Mean).
    /// Targets: batch × outputs, or batch class indices stored as floats.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">reduction is undefined.</exception>
    public static Loss CrossEntropy(Reduction reduction = Reduction.Mean) => new CrossEntropyLoss(reduction);

    /// <summary>
    /// Binary cross-entropy L = −Σ [t·log y + (1 − t)·log(1 − y)] (Mean: / batch·outputs), targets in
    /// [0, 1]. With a Sigmoid last layer it is computed from the logits z as
    /// max(z, 0) − z·t + log(1 + e^(−|z|)) (PyTorch's BCEWithLogits) and the logit gradient fuses to
    /// y − t; with another last activation the outputs must lie in [0, 1], each log is clamped at
    /// −100 and ∂L/∂y = (y − t) / max(y(1 − y), 10⁻¹²), as PyTorch's BCELoss.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">reduction is undefined.</exception>
    public static Loss BinaryCrossEntropy(Reduction reduction = Reduction.Mean) => new BinaryCrossEntropyLoss(reduction);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({Reduction})";

    /// <summary>Throws <see cref="ArgumentException"/> when the last activation does not suit this loss.</summary>
    internal virtual void CheckCompatible(Network network)
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> (naming <c>targets</c>) for a wrong length or invalid values.</summary>
    internal virtual void CheckTargets(ReadOnlySpan<float> targets, int batch, int outputs)
    {
        long need = (long)batch * outputs;
        if (targets.Length != need)
        {
            throw new ArgumentException(
                $"{Name} needs batch × outputs = {batch} × {outputs} = {need} targets; got {targets.Length}.", nameof(targets));
        }
    }

    /// <summary>
    /// The loss L for a batch, from the last layer's pre-activations Z (the logits, for losses that
    /// are computed from them) and outputs H, both batch × width. Arguments were checked by
    /// <see cref="CheckCompatible"/> and <see cref="CheckTargets"/>.
    /// </summary>
    internal abstract double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation);

    /// <summary>
    /// Writes the gradient the last layer's backward pass starts from into <paramref name="gradient"/>
    /// (batch × width) and says which one it is: ∂L/∂Z when this loss fuses with the last activation
    /// (softmax + cross-entropy, sigmoid + binary cross-entropy: ŷ − y, never forming ∂L/∂H),
    /// otherwise ∂L/∂H. H is the last layer's outputs; arguments were checked as for <see cref="Value"/>.
    /// </summary>
    internal abstract LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient);

    /// <summary>The divisor of Mean: the element count or the batch, 1 for Sum.</summary>
    private protected double Scale(long count) => Reduction == Reduction.Mean ? 1.0 / count : 1.0;
}
