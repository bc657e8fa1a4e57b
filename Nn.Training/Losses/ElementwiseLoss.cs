using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// One element's share of a loss that sums f(d) over the elements, d = y − t: its value f(d) and
/// derivative f'(d) = ∂f/∂y. Static, so that <see cref="ElementwiseLoss{TElement}"/> inlines it (no call per element).
/// </summary>
internal interface IElementLoss
{
    /// <summary>f(d), in double; <paramref name="delta"/> is the loss's parameter (Huber's δ), ignored by the others.</summary>
    static abstract double Value(float difference, float delta);

    /// <summary>f'(d).</summary>
    static abstract float Derivative(float difference, float delta);
}

/// <summary>
/// A loss L = Σ_i f(y_i − t_i) over all batch·outputs elements (Mean: divided by their count), with
/// ∂L/∂y_i = f'(y_i − t_i) (same divisor): MSE, L1 and Huber. Works with any last activation (the layer
/// applies its own f'(Z) to the gradient).
/// </summary>
internal abstract class ElementwiseLoss<TElement>(Reduction reduction, float delta = 0) : Loss(reduction)
    where TElement : struct, IElementLoss
{
    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        int count = batch * width;
        double sum = 0;
        for (int i = 0; i < count; i++) sum += TElement.Value(outputs[i] - targets[i], delta);
        return sum * Scale(count);
    }

    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        int count = batch * width;
        float gradScale = (float)Scale(count);
        for (int i = 0; i < count; i++) gradient[i] = gradScale * TElement.Derivative(outputs[i] - targets[i], delta);
        return LossGradient.OutputsGrad;
    }
}
