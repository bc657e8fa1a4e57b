using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// PyTorch's HuberLoss: per element, with d = y − t, ½d² when |d| &lt; δ, else δ(|d| − ½δ); summed
/// (Mean: / batch·outputs). ∂L/∂y = clamp(d, −δ, δ) (same divisor): squared error near the target,
/// absolute error (a bounded gradient) for outliers.
/// </summary>
internal sealed class HuberLoss(Reduction reduction, float delta) : Loss(reduction)
{
    public override string Name => "Huber";

    /// <summary>δ, where the loss turns from quadratic to linear.</summary>
    public float Delta { get; } = delta > 0 && float.IsFinite(delta)
        ? delta
        : throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be a positive finite number.");

    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        int count = batch * width;
        double sum = 0, d = Delta;
        for (int i = 0; i < count; i++)
        {
            double magnitude = Math.Abs((double)outputs[i] - targets[i]);
            sum += magnitude < d ? 0.5 * magnitude * magnitude : d * (magnitude - 0.5 * d);
        }

        return sum * Scale(count);
    }

    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        int count = batch * width;
        float gradScale = (float)Scale(count);
        for (int i = 0; i < count; i++) gradient[i] = gradScale * Math.Clamp(outputs[i] - targets[i], -Delta, Delta);
        return LossGradient.OutputsGrad;
    }
}
