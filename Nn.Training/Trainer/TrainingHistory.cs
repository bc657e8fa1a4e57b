namespace Nn.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochReport> epochs, StopReason stopReason, int bestEpoch, Divergence? divergence)
    {
        Divergence = divergence;
        Epochs = epochs;
        StopReason = stopReason;
        BestEpoch = bestEpoch;
    }

    /// <summary>One report per completed epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>Why training stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>The 1-based epoch with the lowest validation (else training) loss; 0 when no epoch completed.</summary>
    public int BestEpoch { get; }

    /// <summary>Where the loss first became NaN or infinite (then <see cref="StopReason"/> is Diverged); null otherwise.</summary>
    public Divergence? Divergence { get; }
}
