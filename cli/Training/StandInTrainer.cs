using System.Diagnostics;
using Nn.Dense;

namespace SimdNn.Cli.Training;

/// <summary>
/// A minimal mini-batch trainer on DenseLayer.Forward/Backward, used until Nn.Training's Trainer
/// is available. PyTorch conventions: CE on softmax, BCE and MSE on sigmoid outputs, Mean reduction;
/// SGD with momentum and coupled weight decay, Adam. Keeps the weights of the best epoch (lowest
/// validation loss, or training loss without validation) and restores them at the end.
/// </summary>
internal sealed class StandInTrainer
{
    private readonly Network network;
    private readonly TrainSettings settings;
    private readonly float[][] weightGrads;
    private readonly float[][] biasGrads;
    private readonly float[][] weightState1;
    private readonly float[][] weightState2;
    private readonly float[][] biasState1;
    private readonly float[][] biasState2;
    private long step;

    public StandInTrainer(Network network, TrainSettings settings)
    {
        this.network = network;
        this.settings = settings;
        var layers = network.Layers;
        weightGrads = layers.Select(l => new float[l.Inputs * l.Outputs]).ToArray();
        biasGrads = layers.Select(l => new float[l.Outputs]).ToArray();
        weightState1 = layers.Select(l => new float[l.Inputs * l.Outputs]).ToArray();
        weightState2 = layers.Select(l => new float[l.Inputs * l.Outputs]).ToArray();
        biasState1 = layers.Select(l => new float[l.Outputs]).ToArray();
        biasState2 = layers.Select(l => new float[l.Outputs]).ToArray();
    }

    public TrainingOutcome Fit(float[] trainFeatures, int[] trainLabels, float[]? validationFeatures, int[]? validationLabels,
        Action<EpochStats> progress, CancellationToken cancellation)
    {
        var layers = network.Layers;
        int samples = trainLabels.Length;
        int batchSize = Math.Min(settings.BatchSize, samples);
        int inputs = network.InputSize;
        int classes = network.OutputSize;
        var z = layers.Select(l => new float[batchSize * l.Outputs]).ToArray();
        var h = layers.Select(l => new float[batchSize * l.Outputs]).ToArray();
        var dh = layers.Select(l => new float[batchSize * l.Outputs]).ToArray();
        var dz = layers.Select(l => new float[batchSize * l.Outputs]).ToArray();
        var batchInputs = new float[batchSize * inputs];
        var order = Enumerable.Range(0, samples).ToArray();
        var random = new Random(settings.Seed);
        var history = new List<EpochStats>();
        var best = Snapshot();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        string stopReason = $"completed {settings.Epochs} epochs";
        bool interrupted = false;
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= settings.Epochs && !interrupted; epoch++)
        {
            random.Shuffle(order);
            double lossSum = 0;
            int correct = 0;
            int seen = 0;
            var epochClock = Stopwatch.StartNew();
            for (int start = 0; start < samples; start += batchSize)
            {
                int batch = Math.Min(batchSize, samples - start);
                for (int i = 0; i < batch; i++)
                {
                    trainFeatures.AsSpan(order[start + i] * inputs, inputs).CopyTo(batchInputs.AsSpan(i * inputs, inputs));
                }

                ReadOnlySpan<float> current = batchInputs.AsSpan(0, batch * inputs);
                for (int l = 0; l < layers.Count; l++)
                {
                    layers[l].Forward(current, batch, z[l], h[l]);
                    current = h[l].AsSpan(0, batch * layers[l].Outputs);
                }

                var output = h[^1].AsSpan(0, batch * classes);
                var outputGrad = dh[^1].AsSpan(0, batch * classes);
                for (int i = 0; i < batch; i++)
                {
                    int label = trainLabels[order[start + i]];
                    var row = output.Slice(i * classes, classes);
                    lossSum += LossAndGrad(row, label, batch, outputGrad.Slice(i * classes, classes));
                    if (ArgMax(row) == label) correct++;
                }

                seen += batch;
                for (int l = layers.Count - 1; l >= 0; l--)
                {
                    ReadOnlySpan<float> layerInputs = l == 0 ? batchInputs.AsSpan(0, batch * inputs) : h[l - 1].AsSpan(0, batch * layers[l].Inputs);
                    weightGrads[l].AsSpan().Clear();
                    biasGrads[l].AsSpan().Clear();
                    layers[l].Backward(layerInputs, z[l], h[l], dh[l], batch, dz[l], weightGrads[l], biasGrads[l],
                        l == 0 ? Span<float>.Empty : dh[l - 1].AsSpan(0, batch * layers[l].Inputs));
                }

                Step();
                if (cancellation.IsCancellationRequested)
                {
                    interrupted = true;
                    stopReason = $"interrupted in epoch {epoch} (Ctrl+C)";
                    break;
                }
            }

            if (interrupted && seen < samples) break;
            double trainLoss = lossSum / seen;
            double? validationLoss = null;
            double? validationAccuracy = null;
            if (validationFeatures is not null && validationLabels is not null && validationLabels.Length > 0)
            {
                (validationLoss, validationAccuracy) = Evaluate(validationFeatures, validationLabels);
            }

            double seconds = epochClock.Elapsed.TotalSeconds;
            var stats = new EpochStats(epoch, settings.Epochs, trainLoss, (double)correct / seen, validationLoss, validationAccuracy,
                settings.LearningRate, clock.Elapsed, seen / Math.Max(seconds, 1e-9));
            history.Add(stats);
            progress(stats);
            double monitored = validationLoss ?? trainLoss;
            if (monitored < bestLoss)
            {
                bestLoss = monitored;
                bestEpoch = epoch;
                best = Snapshot();
            }

            if (!double.IsFinite(trainLoss))
            {
                stopReason = $"the loss diverged in epoch {epoch} (try a smaller --lr)";
                break;
            }

            if (history.Count > 1 && Math.Abs(history[^2].TrainLoss - trainLoss) < settings.Tolerance)
            {
                stopReason = $"converged in epoch {epoch}: the loss changed less than {settings.Tolerance:g3}";
                break;
            }
        }

        if (bestEpoch > 0) Restore(best);
        return new TrainingOutcome(history, stopReason, bestEpoch, interrupted);
    }

    private (double Loss, double Accuracy) Evaluate(float[] features, int[] labels)
    {
        int classes = network.OutputSize;
        var outputs = new float[labels.Length * classes];
        network.Predict(features, labels.Length, outputs);
        var scratch = new float[classes];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = outputs.AsSpan(i * classes, classes);
            loss += LossAndGrad(row, labels[i], 1, scratch);
            if (ArgMax(row) == labels[i]) correct++;
        }

        return (loss / labels.Length, (double)correct / labels.Length);
    }

    /// <summary>
    /// The loss of one row (mean over the batch) and dL/dH for it. The output layer's Backward then
    /// applies f'(Z): for softmax + CE and sigmoid + BCE the products collapse to (y − t)/batch.
    /// </summary>
    private float LossAndGrad(ReadOnlySpan<float> y, int label, int batch, Span<float> grad)
    {
        const float Floor = 1e-30f;
        int classes = y.Length;
        switch (settings.Loss)
        {
            case LossKind.CrossEntropy:
                grad.Clear();
                grad[label] = -1f / (Math.Max(y[label], Floor) * batch);
                return -MathF.Log(Math.Max(y[label], Floor));
            case LossKind.BinaryCrossEntropy:
                {
                    double loss = 0;
                    for (int j = 0; j < classes; j++)
                    {
                        float t = j == label ? 1f : 0f;
                        float p = Math.Clamp(y[j], Floor, 1 - 1e-7f);
                        loss -= t * Math.Log(p) + (1 - t) * Math.Log(1 - p);
                        grad[j] = (p - t) / (p * (1 - p) * batch * classes);
                    }

                    return (float)(loss / classes);
                }

            default:
                {
                    double loss = 0;
                    for (int j = 0; j < classes; j++)
                    {
                        float d = y[j] - (j == label ? 1f : 0f);
                        loss += d * d;
                        grad[j] = 2 * d / (batch * classes);
                    }

                    return (float)(loss / classes);
                }
        }
    }

    private void Step()
    {
        step++;
        var layers = network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            Update(layers[l].Weights, weightGrads[l], weightState1[l], weightState2[l], settings.WeightDecay);
            Update(layers[l].Biases, biasGrads[l], biasState1[l], biasState2[l], 0f);
        }
    }

    private void Update(Span<float> parameters, ReadOnlySpan<float> grads, Span<float> first, Span<float> second, float weightDecay)
    {
        float lr = settings.LearningRate;
        if (settings.Optimizer == OptimizerKind.Sgd)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                float g = grads[i] + weightDecay * parameters[i];
                first[i] = settings.Momentum * first[i] + g;
                parameters[i] -= lr * first[i];
            }

            return;
        }

        const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
        float correction1 = 1 - MathF.Pow(Beta1, step);
        float correction2 = 1 - MathF.Pow(Beta2, step);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = grads[i] + weightDecay * parameters[i];
            first[i] = Beta1 * first[i] + (1 - Beta1) * g;
            second[i] = Beta2 * second[i] + (1 - Beta2) * g * g;
            parameters[i] -= lr * (first[i] / correction1) / (MathF.Sqrt(second[i] / correction2) + Epsilon);
        }
    }

    private float[][] Snapshot() => network.Layers.SelectMany(l => new[] { l.Weights.ToArray(), l.Biases.ToArray() }).ToArray();

    private void Restore(float[][] snapshot)
    {
        for (int l = 0; l < network.Layers.Count; l++)
        {
            snapshot[2 * l].CopyTo(network.Layers[l].Weights);
            snapshot[2 * l + 1].CopyTo(network.Layers[l].Biases);
        }
    }

    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best]) best = j;
        }

        return best;
    }
}
