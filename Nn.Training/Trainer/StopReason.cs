namespace Nn.Training;

/// <summary>Why <see cref="Trainer.Fit"/> stopped (<see cref="TrainingHistory.StopReason"/>).</summary>
public enum StopReason
{
    /// <summary>Every one of <see cref="TrainerOptions.Epochs"/> epochs ran.</summary>
    MaxEpochs,

    /// <summary>
    /// The training loss changed by less than <see cref="TrainerOptions.Tolerance"/> between two epochs:
    /// |loss_e − loss_(e−1)| &lt; Tolerance.
    /// </summary>
    Tolerance,

    /// <summary>The cancellation token was signalled; Fit stopped after the batch it was running.</summary>
    Cancelled,

    /// <summary>
    /// A batch's training loss became NaN or infinite (try a smaller learning rate); Fit stopped before that
    /// batch's step, and <see cref="TrainingHistory.Divergence"/> says where.
    /// </summary>
    Diverged,
}
