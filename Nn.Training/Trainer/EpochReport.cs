namespace Nn.Training;

/// <summary>
/// What one epoch did. <paramref name="Epoch"/> is 1-based, of <paramref name="Epochs"/> planned.
/// Losses are per sample (the batch losses weighted by batch size for Mean, summed then divided by the
/// sample count for Sum); the training loss and accuracy are running figures over the epoch's mini-batches
/// (measured before each update). <paramref name="Elapsed"/> is the wall time since Fit started;
/// <paramref name="SamplesPerSecond"/> the training throughput of this epoch.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">The planned number of epochs.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Fraction of training samples classified correctly during the epoch; NaN for a regression set.</param>
/// <param name="ValidationLoss">Validation loss after the epoch, or null without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch (NaN for a regression set), or null without validation.</param>
/// <param name="LearningRate">The learning rate used in this epoch.</param>
/// <param name="Elapsed">Wall time since Fit started.</param>
/// <param name="SamplesPerSecond">Training samples per second in this epoch.</param>
public readonly record struct EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, double LearningRate, TimeSpan Elapsed, double SamplesPerSecond);
