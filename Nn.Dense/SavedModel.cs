namespace Nn.Dense;

/// <summary>
/// What a model file holds: the network, its task and, if it was saved with them, one label per
/// output (label i names output i, e.g. "setosa", or "1000" for a data set whose labels are 0, 1000, 2000).
/// </summary>
/// <param name="Network">The network, ready for inference.</param>
/// <param name="ClassLabels">The labels, as many as <see cref="Network.OutputSize"/>; null if the file has none (version 1).</param>
public sealed record SavedModel(Network Network, IReadOnlyList<string>? ClassLabels)
{
    /// <summary>A model with its task.</summary>
    /// <param name="network">The network.</param>
    /// <param name="classLabels">One label per output, or null.</param>
    /// <param name="task">What the outputs mean.</param>
    public SavedModel(Network network, IReadOnlyList<string>? classLabels, ModelTask task)
        : this(network, classLabels)
    {
        Task = task;
    }

    /// <summary>What the outputs mean: classification (every version 1 and 2 file) or regression (recorded in version 3).</summary>
    public ModelTask Task { get; init; } = ModelTask.Classification;
}
