namespace Nn.Dense;

/// <summary>
/// What a model's outputs mean, as recorded in a model file (format version 3; older files are
/// classification models), so that a reader needs no flag to know how to use them.
/// </summary>
public enum ModelTask
{
    /// <summary>One score or probability per class (or one probability for two classes); the arg-max is the prediction.</summary>
    Classification = 0,

    /// <summary>One real value per target, in the units of the training targets.</summary>
    Regression = 1,
}
