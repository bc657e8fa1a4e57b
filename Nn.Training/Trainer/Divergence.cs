namespace Nn.Training;

/// <summary>
/// Where training diverged (<see cref="TrainingHistory.Divergence"/>): the first batch whose loss was NaN or
/// infinite. <paramref name="Epoch"/> and <paramref name="Batch"/> count from 1; <paramref name="Loss"/> is that
/// batch's loss. The weights were not updated with that batch's gradient.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Batch">The batch within the epoch, from 1.</param>
/// <param name="Loss">The batch's loss: NaN, +∞ or −∞.</param>
public sealed record Divergence(int Epoch, int Batch, float Loss);
