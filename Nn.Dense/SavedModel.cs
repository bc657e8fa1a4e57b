namespace Nn.Dense;

/// <summary>
/// What a model file holds: the network and, if it was saved with them, one class label per
/// output (label i names output i, e.g. "setosa", or "1000" for a data set whose labels are 0, 1000, 2000).
/// </summary>
/// <param name="Network">The network, ready for inference.</param>
/// <param name="ClassLabels">The labels, as many as <see cref="Network.OutputSize"/>; null if the file has none (version 1).</param>
public sealed record SavedModel(Network Network, IReadOnlyList<string>? ClassLabels);
