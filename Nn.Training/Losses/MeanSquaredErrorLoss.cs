using Nn.Dense;

namespace Nn.Training;

/// <summary>L = Σ(y − t)² (Mean: / batch·outputs); ∂L/∂y = 2(y − t) (same divisor).</summary>
internal sealed class MeanSquaredErrorLoss(Reduction reduction) : Loss(reduction)
{
    public override string Name => "MeanSquaredError";

    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        int count = batch * width;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            float difference = outputs[i] - targets[i];
            sum += (double)difference * difference;
        }

        return sum * Scale(count);
    }

    /// <summary>∂L/∂y = 2(y − t), / batch·outputs for Mean; any last activation's f' is applied by the layer.</summary>
    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        int count = batch * width;
        float gradScale = (float)(2 * Scale(count));
        for (int i = 0; i < count; i++) gradient[i] = gradScale * (outputs[i] - targets[i]);
        return LossGradient.OutputsGrad;
    }
}
