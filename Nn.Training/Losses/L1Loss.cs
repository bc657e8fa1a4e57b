using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// L = Σ|y − t| (Mean: / batch·outputs), PyTorch's L1Loss; ∂L/∂y = sign(y − t) (same divisor), with
/// sign(0) = 0 as torch.sign, so an exact prediction gets no push either way.
/// </summary>
internal sealed class L1Loss(Reduction reduction) : Loss(reduction)
{
    public override string Name => "L1";

    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        int count = batch * width;
        double sum = 0;
        for (int i = 0; i < count; i++) sum += Math.Abs(outputs[i] - targets[i]);
        return sum * Scale(count);
    }

    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        int count = batch * width;
        float gradScale = (float)Scale(count);
        for (int i = 0; i < count; i++) gradient[i] = gradScale * MathF.Sign(outputs[i] - targets[i]);
        return LossGradient.OutputsGrad;
    }
}
