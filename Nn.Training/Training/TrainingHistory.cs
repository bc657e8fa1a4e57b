namespace Nn.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochReport> epochs, string stopReason, int bestEpoch)
    {
        Epochs = epochs;
        StopReason = stopReason;
        BestEpoch = bestEpoch;
    }

    /// <summary>One report per completed epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>
    /// Why training stopped: "MaxEpochs", "Tolerance" (the loss changed less than the tolerance),
    /// "Cancelled", or "Diverged" (the training loss became NaN or infinite).
    /// </summary>
    public string StopReason { get; }

    /// <summary>The 1-based epoch with the lowest validation (else training) loss; 0 when no epoch completed.</summary>
    public int BestEpoch { get; }
}
