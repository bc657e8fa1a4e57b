using System.Diagnostics;
using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Mini-batch training of a classifier or a regression model: per epoch, shuffle the training samples
/// (seeded), and for each batch clear the gradients, run <see cref="Backprop.ComputeGradients(Network, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Loss, Gradients)"/> and take one optimizer
/// step. For a classification set, targets come from the labels: class indices for CrossEntropy, one-hot
/// rows for the other losses (or the label itself, 0 or 1, for a single-output network); for a regression
/// set (<see cref="Dataset.Regression"/>) they are its targets, one per output, and the accuracies of
/// <see cref="EpochReport"/> are NaN. A training step allocates nothing after the first; a run is bitwise
/// reproducible for a seed on one machine and ISA path.
/// </summary>
public sealed class Trainer
{
    private readonly Network network;
    private readonly Loss loss;
    private readonly Optimizer optimizer;
    private readonly TrainerOptions options;

    /// <summary>A trainer for <paramref name="network"/> (trained in place).</summary>
    /// <exception cref="ArgumentException">A null argument, invalid options, or a loss that does not suit the network's last activation.</exception>
    public Trainer(Network network, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainerOptions();
        options.Validate();
        loss.CheckCompatible(network);
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
    }

    /// <summary>
    /// Trains for up to Epochs epochs. Validation: <paramref name="validation"/>, else a seeded ValidationFraction
    /// of <paramref name="train"/> (<see cref="DatasetSplit.Holdout"/>: stratified for classification, shuffled
    /// for regression), else none. Stops early by the tolerance rule, or at once
    /// (before that batch's step, <see cref="TrainingHistory.Divergence"/>) when a batch's loss is NaN or infinite.
    /// Cancellation stops after the current batch (no exception). Afterwards, with RestoreBest,
    /// the network holds the weights of the best epoch so far (when no epoch completed, the weights as they are).
    /// The optimizer's learning rate is restored.
    /// </summary>
    /// <exception cref="ArgumentException">A null or empty training set, or data that does not fit the network (feature count, class count vs outputs,
    /// target count vs outputs, a regression set with CrossEntropy, a validation set of another task).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A seeded generator, so that shuffles are reproducible; nothing here is a secret.")]
    public TrainingHistory Fit(Dataset train, Dataset? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckData(train, nameof(train));
        if (validation is not null) CheckData(validation, nameof(validation), train.Task);
        else if (options.ValidationFraction > 0) (train, validation) = DatasetSplit.Holdout(train, options.ValidationFraction, options.Seed);
        if (train.Samples == 0) throw new ArgumentException("The training set has no samples.", nameof(train));
        if (validation is { Samples: 0 }) validation = null;

        int features = network.InputSize;
        bool regression = train.Task == ModelTask.Regression;
        int targetWidth = regression ? network.OutputSize : TargetWidth();
        int batchSize = Math.Min(options.BatchSize, train.Samples);
        var trainTargets = Targets(train, targetWidth);
        var validationTargets = validation is null ? null : Targets(validation, targetWidth);
        var batchInputs = new float[batchSize * features];
        var batchTargets = new float[batchSize * targetWidth];
        var batchLabels = new int[batchSize];
        var batchOutputs = new float[batchSize * network.OutputSize];
        var order = Enumerable.Range(0, train.Samples).ToArray();
        var grads = new Gradients(network);
        var best = Snapshot.Of(network);
        var reports = new List<EpochReport>(options.Epochs);
        var random = new Random(options.Seed);
        Backprop.SeedDropout(network, options.Seed);
        float initialRate = optimizer.LearningRate;
        long started = Stopwatch.GetTimestamp();
        var stopReason = StopReason.MaxEpochs;
        Divergence? divergence = null;
        int bestEpoch = 0;
        double bestLoss = double.PositiveInfinity, previousLoss = double.NaN;
        try
        {
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                optimizer.LearningRate = RateFor(epoch, initialRate);
                random.Shuffle(order);
                long epochStarted = Stopwatch.GetTimestamp();
                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                bool cancelled = false;
                for (int start = 0, batch = 1; start < train.Samples; start += batchSize, batch++)
                {
                    int rows = Math.Min(batchSize, train.Samples - start);
                    for (int i = 0; i < rows; i++)
                    {
                        int sample = order[start + i];
                        train.Features.AsSpan(sample * features, features).CopyTo(batchInputs.AsSpan(i * features));
                        trainTargets.AsSpan(sample * targetWidth, targetWidth).CopyTo(batchTargets.AsSpan(i * targetWidth));
                        if (!regression) batchLabels[i] = train.Labels[sample];
                    }

                    grads.Clear();
                    var outputs = batchOutputs.AsSpan(0, rows * network.OutputSize);
                    float batchLoss = Backprop.ComputeGradients(network, batchInputs.AsSpan(0, rows * features),
                        batchTargets.AsSpan(0, rows * targetWidth), rows, loss, grads, outputs);
                    if (!float.IsFinite(batchLoss))
                    {
                        // Stop before the step: one more update would carry the NaN or infinity into every weight.
                        divergence = new Divergence(epoch + 1, batch, batchLoss);
                        break;
                    }

                    if (!regression) correct += Metrics.CountCorrect(outputs, network.OutputSize, batchLabels.AsSpan(0, rows));
                    optimizer.Step(network, grads);
                    lossSum += loss.Reduction == Reduction.Mean ? (double)batchLoss * rows : batchLoss;
                    seen += rows;
                    if (cancellationToken.IsCancellationRequested)
                    {
                        cancelled = true;
                        break;
                    }
                }

                if (divergence is not null)
                {
                    stopReason = StopReason.Diverged;
                    break;
                }

                if (cancelled)
                {
                    stopReason = StopReason.Cancelled;
                    break;
                }

                double trainLoss = lossSum / seen;
                double? validationLoss = null, validationAccuracy = null;
                if (validation is not null)
                {
                    (double value, double accuracy) = Evaluate(validation, validationTargets!, targetWidth, batchOutputs);
                    validationLoss = value;
                    validationAccuracy = accuracy;
                }

                long now = Stopwatch.GetTimestamp();
                double epochSeconds = Stopwatch.GetElapsedTime(epochStarted, now).TotalSeconds;
                var report = new EpochReport(epoch + 1, options.Epochs, trainLoss, regression ? double.NaN : (double)correct / seen, validationLoss, validationAccuracy,
                    optimizer.LearningRate, Stopwatch.GetElapsedTime(started, now), epochSeconds > 0 ? seen / epochSeconds : double.PositiveInfinity);
                reports.Add(report);
                options.Progress?.Invoke(report);

                double monitored = validationLoss ?? trainLoss;
                if (monitored < bestLoss)
                {
                    bestLoss = monitored;
                    bestEpoch = epoch + 1;
                    if (options.RestoreBest) best.Capture(network);
                }

                if (options.Tolerance > 0 && Math.Abs(trainLoss - previousLoss) < options.Tolerance)
                {
                    stopReason = StopReason.Tolerance;
                    break;
                }

                previousLoss = trainLoss;
            }
        }
        finally
        {
            optimizer.LearningRate = initialRate;
        }

        if (options.RestoreBest && bestEpoch > 0) best.Restore(network);
        return new TrainingHistory(reports.AsReadOnly(), stopReason, bestEpoch, divergence);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based) under the schedule.</summary>
    internal float RateFor(int epoch, float initialRate) => options.Schedule switch
    {
        LearningRateSchedule.Step => (float)(initialRate * Math.Pow(options.StepFactor, epoch / options.StepEpochs)),
        LearningRateSchedule.Cosine => (float)Math.Max(initialRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs)), float.Epsilon),
        _ => initialRate,
    };

    /// <summary>Loss and accuracy (NaN for regression) over a data set, in chunks of as many rows as <paramref name="chunkOutputs"/> holds outputs.</summary>
    private (double Loss, double Accuracy) Evaluate(Dataset data, float[] targets, int targetWidth, float[] chunkOutputs)
    {
        double lossSum = 0;
        long correct = 0;
        int features = network.InputSize;
        int chunk = chunkOutputs.Length / network.OutputSize;
        for (int start = 0; start < data.Samples; start += chunk)
        {
            int rows = Math.Min(chunk, data.Samples - start);
            var outputs = chunkOutputs.AsSpan(0, rows * network.OutputSize);
            float value = Backprop.ComputeLoss(network, data.Features.AsSpan(start * features, rows * features),
                targets.AsSpan(start * targetWidth, rows * targetWidth), rows, loss, outputs);
            lossSum += loss.Reduction == Reduction.Mean ? (double)value * rows : value;
            if (data.Task == ModelTask.Classification) correct += Metrics.CountCorrect(outputs, network.OutputSize, data.Labels.AsSpan(start, rows));
        }

        return (lossSum / data.Samples, data.Task == ModelTask.Classification ? (double)correct / data.Samples : double.NaN);
    }

    /// <summary>Per-sample target width: 1 for class indices (CrossEntropy) or a single output, else OutputSize (one-hot).</summary>
    private int TargetWidth() => loss is CrossEntropyLoss || network.OutputSize == 1 ? 1 : network.OutputSize;

    private static float[] Targets(Dataset data, int width)
    {
        if (data.Task == ModelTask.Regression) return data.Targets;
        if (width == 1)
        {
            var labels = new float[data.Samples];
            for (int i = 0; i < labels.Length; i++) labels[i] = data.Labels[i];
            return labels;
        }

        var oneHot = new float[(long)data.Samples * width];
        for (int i = 0; i < data.Samples; i++) oneHot[(long)i * width + data.Labels[i]] = 1f;
        return oneHot;
    }

    private void CheckData(Dataset data, string name, ModelTask? task = null)
    {
        if (data.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"{name} has {data.FeatureCount} features; the network takes {network.InputSize}.", name);
        }

        if (task is { } expected && data.Task != expected) throw new ArgumentException($"{name} is a {data.Task} set; the training set is a {expected} set.", name);
        if (data.Task == ModelTask.Regression)
        {
            if (data.TargetCount != network.OutputSize || loss is CrossEntropyLoss)
            {
                throw new ArgumentException(
                    $"{name} has {data.TargetCount} regression targets per sample; the network needs one per output ({network.OutputSize}) and a regression loss, not {loss.Name}.", name);
            }

            return;
        }

        bool fits = network.OutputSize == 1 ? data.ClassCount <= 2 && loss is not CrossEntropyLoss : data.ClassCount <= network.OutputSize;
        if (!fits)
        {
            throw new ArgumentException(
                $"{name} has {data.ClassCount} classes; a network with {network.OutputSize} outputs and {loss.Name} cannot fit them " +
                "(one output per class, or one output for two classes without CrossEntropy).", name);
        }
    }

    /// <summary>
    /// A copy of every weight, bias, normalization γ and β and running statistic (per layer, in that order),
    /// taken and put back without allocating after creation.
    /// </summary>
    private sealed class Snapshot
    {
        private readonly float[][][] parameters;

        private Snapshot(float[][][] parameters) => this.parameters = parameters;

        public static Snapshot Of(Network network)
        {
            var snapshot = new Snapshot(network.Layers.Select(l => new[]
            {
                new float[l.ReadOnlyWeights.Length], new float[l.Outputs], new float[l.NormalizationScale.Length],
                new float[l.NormalizationShift.Length], new float[l.RunningMean.Length], new float[l.RunningVariance.Length],
            }).ToArray());
            snapshot.Capture(network);
            return snapshot;
        }

        public void Capture(Network network)
        {
            for (int l = 0; l < parameters.Length; l++)
            {
                var layer = network.Layers[l];
                var saved = parameters[l];
                layer.ReadOnlyWeights.CopyTo(saved[0]);
                layer.CopyBiasesTo(saved[1]);
                layer.NormalizationScale.CopyTo(saved[2]);
                layer.NormalizationShift.CopyTo(saved[3]);
                layer.RunningMean.CopyTo(saved[4]);
                layer.RunningVariance.CopyTo(saved[5]);
            }
        }

        public void Restore(Network network)
        {
            for (int l = 0; l < parameters.Length; l++)
            {
                var layer = network.Layers[l];
                var saved = parameters[l];
                layer.CopyWeightsFrom(saved[0]);
                layer.CopyBiasesFrom(saved[1]);
                saved[2].CopyTo(layer.NormalizationScale);
                saved[3].CopyTo(layer.NormalizationShift);
                saved[4].CopyTo(layer.RunningMean);
                saved[5].CopyTo(layer.RunningVariance);
            }
        }
    }
}
