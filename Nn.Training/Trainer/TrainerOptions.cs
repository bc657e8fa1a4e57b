namespace Nn.Training;

/// <summary>Settings of <see cref="Trainer.Fit"/>; every property has a working default.</summary>
public sealed class TrainerOptions
{
    /// <summary>The most epochs (passes over the training set) to run. Default 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Samples per mini-batch; the last batch of an epoch may be smaller. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seeds the shuffling (and the validation split); the same seed gives bitwise the same run. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Stop when the training loss changes by less than this between two epochs:
    /// |loss_e − loss_(e−1)| &lt; Tolerance. 0 (the default) turns the rule off.
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>
    /// When no validation set is passed to Fit, hold out this fraction of the training set
    /// (seeded; stratified for classification, shuffled for regression: <see cref="DatasetSplit.Holdout"/>) for validation.
    /// 0 (the default): no validation.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>The learning-rate schedule. Default constant.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>For <see cref="LearningRateSchedule.Step"/>: epochs between two decays. Default 10.</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary>For <see cref="LearningRateSchedule.Step"/>: the factor of each decay. Default 0.1.</summary>
    public float StepFactor { get; init; } = 0.1f;

    /// <summary>Called after every epoch with its report (on the thread that runs Fit).</summary>
    public Action<EpochReport>? Progress { get; init; }

    /// <summary>
    /// At the end (or on cancellation), put back the weights of the epoch with the lowest validation
    /// loss (training loss without validation). Default true.
    /// </summary>
    public bool RestoreBest { get; init; } = true;

    internal void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        if (!(Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be non-negative.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 1).");
        if (!Enum.IsDefined(Schedule)) throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "Unknown schedule.");
        if (StepEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(StepEpochs), StepEpochs, "StepEpochs must be positive.");
        if (!(StepFactor > 0 && StepFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(StepFactor), StepFactor, "StepFactor must be in (0, 1].");
    }
}
