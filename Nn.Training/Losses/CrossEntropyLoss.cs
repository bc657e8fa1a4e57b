using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Softmax cross-entropy from the saved logits: per row, L_i = Σ_j t_ij·lse(z_i) − Σ_j t_ij·z_ij
/// with lse(z) = max z + log Σ e^(z − max z); the logit gradient is y·Σ_j t_ij − t_ij.
/// With a LogSoftmax last layer the outputs are log-probabilities and this is PyTorch's NLLLoss on them
/// (−Σ t·h, h = z − lse(z): the same number, still computed from z); the logit gradient is the same with
/// y = e^h.
/// </summary>
internal sealed class CrossEntropyLoss(Reduction reduction) : Loss(reduction)
{
    public override string Name => "CrossEntropy";

    internal override void CheckCompatible(Network network)
    {
        var last = network.Layers[^1];
        if (last.Activation is not (Activation.Softmax or Activation.LogSoftmax))
        {
            throw new ArgumentException(
                $"CrossEntropy needs a Softmax or LogSoftmax last layer; this network ends in {last.Activation}. " +
                "Use Activation.Softmax (or LogSoftmax) on the last layer, or MeanSquaredError / BinaryCrossEntropy.", nameof(network));
        }
    }

    internal override void CheckTargets(ReadOnlySpan<float> targets, int batch, int outputs)
    {
        if (targets.Length == (long)batch * outputs) return;
        if (targets.Length != batch)
        {
            throw new ArgumentException(
                $"CrossEntropy needs batch × outputs = {(long)batch * outputs} targets (one-hot or probabilities) " +
                $"or batch = {batch} class indices; got {targets.Length}.", nameof(targets));
        }

        for (int i = 0; i < batch; i++)
        {
            float index = targets[i];
            if (!(index >= 0 && index < outputs && index == MathF.Floor(index)))
            {
                throw new ArgumentException(
                    $"targets[{i}] = {index} is not a class index: it must be an integer in [0, {outputs - 1}].", nameof(targets));
            }
        }
    }

    internal override double Value(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation)
    {
        bool indices = targets.Length != batch * width;
        double total = 0;
        for (int row = 0; row < batch; row++)
        {
            var z = preActivations.Slice(row * width, width);
            double logSumExp = LogSumExp(z);
            if (indices)
            {
                total += logSumExp - z[(int)targets[row]];
                continue;
            }

            var t = targets.Slice(row * width, width);
            double targetSum = 0, dot = 0;
            for (int j = 0; j < width; j++)
            {
                targetSum += t[j];
                dot += (double)t[j] * z[j];
            }

            total += targetSum * logSumExp - dot;
        }

        return total * Scale(batch);
    }

    /// <summary>Always fused: CrossEntropy requires a Softmax or LogSoftmax last layer (<see cref="CheckCompatible"/>).</summary>
    internal override LossGradient Gradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets,
        int batch, int width, Activation activation, Span<float> gradient)
    {
        SoftmaxCrossEntropyGradient(outputs, activation == Activation.LogSoftmax, targets, batch, width, (float)Scale(batch), gradient);
        return LossGradient.PreActivationsGrad;
    }

    /// <summary>
    /// The fused softmax + cross-entropy gradient with respect to the logits, per row:
    /// ∂L/∂z_j = scale·(ŷ_j·Σ_k t_k − t_j), i.e. scale·(ŷ − y) for one-hot or probability targets,
    /// with ŷ = softmax(z) the layer's outputs and scale 1/batch for Mean, 1 for Sum. The softmax
    /// Jacobian and the loss's 1/ŷ cancel, so neither is formed. Class-index targets are one-hot rows.
    /// With <paramref name="logProbabilities"/> the outputs are log-softmax values and ŷ = e^h (one exp each).
    /// </summary>
    private static void SoftmaxCrossEntropyGradient(ReadOnlySpan<float> outputs, bool logProbabilities, ReadOnlySpan<float> targets,
        int batch, int width, float scale, Span<float> logitsGrad)
    {
        bool indices = targets.Length != batch * width;
        for (int row = 0; row < batch; row++)
        {
            var y = outputs.Slice(row * width, width);
            var dz = logitsGrad.Slice(row * width, width);
            if (indices)
            {
                int label = (int)targets[row];
                for (int j = 0; j < width; j++) dz[j] = scale * Probability(y[j], logProbabilities);
                dz[label] = scale * (Probability(y[label], logProbabilities) - 1f);
                continue;
            }

            var t = targets.Slice(row * width, width);
            double targetSum = 0;
            for (int j = 0; j < width; j++) targetSum += t[j];
            float mass = (float)targetSum;
            for (int j = 0; j < width; j++) dz[j] = scale * (Probability(y[j], logProbabilities) * mass - t[j]);
        }
    }

    private static float Probability(float output, bool logProbability) => logProbability ? MathF.Exp(output) : output;

    /// <summary>log Σ e^z_j computed as max + log Σ e^(z_j − max): never overflows, and at least 0 above max.</summary>
    internal static double LogSumExp(ReadOnlySpan<float> z)
    {
        float max = float.NegativeInfinity;
        foreach (float value in z) max = MathF.Max(max, value);
        double sum = 0;
        foreach (float value in z) sum += Math.Exp((double)value - max);
        return max + Math.Log(sum);
    }
}
