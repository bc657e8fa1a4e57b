namespace Nn.Training;

/// <summary>How <see cref="Trainer"/> sets the learning rate η_e for epoch e (0-based) from the optimizer's initial rate η₀.</summary>
public enum LearningRateSchedule
{
    /// <summary>η_e = η₀.</summary>
    Constant,

    /// <summary>η_e = η₀·factor^⌊e / StepEpochs⌋ (<see cref="TrainerOptions.StepFactor"/>, <see cref="TrainerOptions.StepEpochs"/>).</summary>
    Step,

    /// <summary>η_e = η₀·(1 + cos(π·e / Epochs)) / 2: cosine annealing from η₀ towards 0.</summary>
    Cosine,
}
