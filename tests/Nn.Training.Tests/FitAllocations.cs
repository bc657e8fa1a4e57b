using Nn.Dense;
using Nn.Training;

namespace Nn.Training.Tests;

/// <summary>The check both trainer suites make: Fit allocates its buffers once, not per step.</summary>
internal static class FitAllocations
{
    /// <summary>
    /// Fits <paramref name="network"/> for 2 and then 12 epochs (batch 8, Adam) after a 1-epoch warm-up and asserts
    /// the two runs allocate within 2 KiB of each other: 10 more epochs are hundreds more steps, and only the
    /// history's epoch reports (a few hundred bytes) may differ. One network throughout: its per-thread workspace
    /// is registered once, in the warm-up, so the measured runs differ only in their number of steps.
    /// </summary>
    public static void AssertDoNotGrowWithSteps(Network network, Func<Loss> loss, Dataset data)
    {
        long Allocated(int epochs)
        {
            var trainer = new Trainer(network, loss(), new Adam(), new TrainerOptions { Epochs = epochs, BatchSize = 8 });
            return Allocations.FewestPerRun(() => trainer.Fit(data));
        }

        Allocated(1);
        long few = Allocated(2);
        long many = Allocated(12);
        Assert.True(many - few < 2048, $"2 epochs allocated {few} bytes, 12 epochs {many}");
    }
}
