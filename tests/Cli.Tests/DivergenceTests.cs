using System.Text.RegularExpressions;

namespace Cli.Tests;

/// <summary>
/// A learning rate that makes the loss NaN or infinite (issue 16): training stops at that batch and says where
/// and what to change; a model is saved only from an epoch before the divergence, never with non-finite weights.
/// </summary>
public partial class DivergenceTests
{
    private const int Data = 1;

    [GeneratedRegex(@"training diverged at epoch (\d+), batch (\d+) \(loss (NaN|-?Infinity)\); try a lower --lr \(now ([^)]+)\)")]
    private static partial Regex Diverged();

    [Fact]
    public void Divergence_in_the_first_epoch_says_where_and_saves_nothing()
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, "train", "--data", "iris", "--optimizer", "sgd", "--lr", "1e6", "--out", "m.snn");
        Tool.AssertRefused(run, Data, "; no model saved");
        var match = Diverged().Match(run.Error);
        Assert.True(match.Success, run.ToString());
        Assert.Equal("1", match.Groups[1].Value);
        Assert.Equal("1e+06", match.Groups[4].Value);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Divergence_after_a_finite_epoch_saves_that_epoch_and_still_fails()
    {
        using var folder = new TempFolder();
        // At lr 5, SGD on iris survives its first epoch and blows up within the next few (on every ISA path).
        var run = Tool.Run(folder.Path, "train", "--data", "iris", "--optimizer", "sgd", "--lr", "5", "--out", "m.snn");
        Tool.AssertRefused(run, Data, "the best before that");
        var match = Diverged().Match(run.Error);
        Assert.True(match.Success, run.ToString());
        int divergedEpoch = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var saved = Regex.Match(run.Error, @"saved the model of epoch (\d+)");
        Assert.True(saved.Success, run.ToString());
        Assert.InRange(int.Parse(saved.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, divergedEpoch - 1);

        var info = Tool.Run(folder.Path, "info", "--model", "m.snn");
        Assert.True(info.ExitCode == 0, info.ToString());
    }
}
