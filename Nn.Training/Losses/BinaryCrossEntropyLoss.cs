using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Binary cross-entropy per element. With a Sigmoid last layer: from the logits,
/// max(z, 0) − z·t + log(1 + e^(−|z|)), gradient y − t on z. Otherwise from the outputs,
/// −[t·max(log y, −100) + (1 − t)·max(log(1 − y), −100)], gradient (y − t)/max(y(1 − y), 10⁻¹²) on y.
/// </summary>
internal sealed class BinaryCrossEntropyLoss(Reduction reduction) : Loss(reduction)
{
    /// <summary>PyTorch's BCELoss clamps each log at −100 so that a 0 or 1 output gives a finite loss.</summary>
    private const double LogFloor = -100;

    /// <summary>PyTorch's BCELoss backward divides by max(y(1 − y), 1e-12).</summary>
    private const double DenominatorFloor = 1e-12;

    public override string Name => "BinaryCrossEntropy";

    internal override void CheckCompatible(Network network)
    {
        if (network.Layers[^1].Activation == Activation.LogSoftmax)
        {
            throw new ArgumentException(
                "BinaryCrossEntropy needs outputs in [0, 1], but a LogSoftmax last layer gives log-probabilities (≤ 0). " +
                "Use CrossEntropy, which reads log-probabilities as PyTorch's NLLLoss does.", nameof(network));
        }
    }

    internal override void CheckTargets(ReadOnlySpan<float> targets, int batch, int outputs)
    {
        base.CheckTargets(targets, batch, outputs);
        for (int i = 0; i < targets.Length; i++)
        {
            if (!(targets[i] >= 0 && targets[i] <= 1))
            {
                throw new ArgumentException(
                    $"BinaryCrossEntropy needs targets in [0, 1]; targets[{i}] = {targets[i]}.", nameof(targets));
            }
        }
    }

    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        int count = batch * width;
        double total = 0;
        if (activation == Activation.Sigmoid)
        {
            for (int i = 0; i < count; i++)
            {
                double z = preActivations[i];
                total += Math.Max(z, 0) - z * targets[i] + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            }

            return total * Scale(count);
        }

        for (int i = 0; i < count; i++)
        {
            double y = outputs[i];
            if (!(y >= 0 && y <= 1))
            {
                throw new ArgumentException(
                    $"BinaryCrossEntropy needs outputs in [0, 1] (use a Sigmoid last layer); output {i} is {y}.", nameof(outputs));
            }

            double t = targets[i];
            total -= t * Math.Max(Math.Log(y), LogFloor) + (1 - t) * Math.Max(Math.Log(1 - y), LogFloor);
        }

        return total * Scale(count);
    }

    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        int count = batch * width;
        if (activation == Activation.Sigmoid)
        {
            SigmoidBinaryCrossEntropyGradient(outputs[..count], targets[..count], (float)Scale(count), gradient);
            return LossGradient.PreActivationsGrad;
        }

        double scale = Scale(count);
        for (int i = 0; i < count; i++)
        {
            double y = outputs[i], t = targets[i];
            gradient[i] = (float)(scale * (y - t) / Math.Max(y * (1 - y), DenominatorFloor));
        }

        return LossGradient.OutputsGrad;
    }

    /// <summary>
    /// The fused sigmoid + binary cross-entropy gradient with respect to the logits:
    /// ∂L/∂z = scale·(y − t) with y = σ(z) (scale is 1/(batch·outputs) for Mean, 1 for Sum).
    /// The σ' = y(1 − y) of the sigmoid cancels the loss's denominator, so it is never formed.
    /// </summary>
    private static void SigmoidBinaryCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets,
        float scale, Span<float> logitsGrad)
    {
        for (int i = 0; i < probabilities.Length; i++) logitsGrad[i] = scale * (probabilities[i] - targets[i]);
    }
}
