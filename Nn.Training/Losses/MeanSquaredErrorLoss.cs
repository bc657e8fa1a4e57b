using Nn.Dense;

namespace Nn.Training;

/// <summary>L = Σ(y − t)² (Mean: / batch·outputs); ∂L/∂y = 2(y − t) (same divisor).</summary>
internal sealed class MeanSquaredErrorLoss(Reduction reduction) : Loss(reduction)
{
    public override string Name => "MeanSquaredError";

    internal override double Evaluate(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation, Span<float> gradient, out bool fused)
    {
        fused = false;
        int count = batch * width;
        double scale = Scale(count);
        float gradScale = (float)(2 * scale);
        bool withGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            float difference = outputs[i] - targets[i];
            sum += (double)difference * difference;
            if (withGradient) gradient[i] = gradScale * difference;
        }

        return sum * scale;
    }
}
