using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Softmax cross-entropy from the saved logits: per row, L_i = Σ_j t_ij·lse(z_i) − Σ_j t_ij·z_ij
/// with lse(z) = max z + log Σ e^(z − max z); the logit gradient is y·Σ_j t_ij − t_ij.
/// </summary>
internal sealed class CrossEntropyLoss(Reduction reduction) : Loss(reduction)
{
    public override string Name => "CrossEntropy";

    internal override void CheckCompatible(Network network)
    {
        var last = network.Layers[^1];
        if (last.Activation != Activation.Softmax)
        {
            throw new ArgumentException(
                $"CrossEntropy needs a Softmax last layer; this network ends in {last.Activation}. " +
                "Use Activation.Softmax on the last layer, or MeanSquaredError / BinaryCrossEntropy.", nameof(network));
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

    internal override double Evaluate(ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets, int batch, int width, Activation activation, Span<float> gradient, out bool fused)
    {
        fused = true;
        bool indices = targets.Length != batch * width;
        bool withGradient = !gradient.IsEmpty;
        double scale = Scale(batch);
        float gradScale = (float)scale;
        double total = 0;
        for (int row = 0; row < batch; row++)
        {
            var z = preActivations.Slice(row * width, width);
            double logSumExp = LogSumExp(z);
            if (indices)
            {
                int label = (int)targets[row];
                total += logSumExp - z[label];
                if (withGradient)
                {
                    var y = outputs.Slice(row * width, width);
                    var dz = gradient.Slice(row * width, width);
                    for (int j = 0; j < width; j++) dz[j] = gradScale * y[j];
                    dz[label] = gradScale * (y[label] - 1f);
                }
            }
            else
            {
                var t = targets.Slice(row * width, width);
                double targetSum = 0, dot = 0;
                for (int j = 0; j < width; j++)
                {
                    targetSum += t[j];
                    dot += (double)t[j] * z[j];
                }

                total += targetSum * logSumExp - dot;
                if (withGradient)
                {
                    var y = outputs.Slice(row * width, width);
                    var dz = gradient.Slice(row * width, width);
                    float mass = (float)targetSum;
                    for (int j = 0; j < width; j++) dz[j] = gradScale * (y[j] * mass - t[j]);
                }
            }
        }

        return total * scale;
    }

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
