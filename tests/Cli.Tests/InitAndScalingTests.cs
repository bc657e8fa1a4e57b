namespace Cli.Tests;

/// <summary>`train --init` and `train --scaling`, on the embedded digits (two epochs: a few seconds).</summary>
public class InitAndScalingTests
{
    private static string[] Train(string model, params string[] options) =>
        ["train", "--data", "digits", "--epochs", "2", "--seed", "3", "--out", model, .. options];

    [Fact]
    public void Init_pytorch_is_reproducible_for_a_seed_and_differs_from_he()
    {
        using var folder = new TempFolder();
        foreach (var (model, init) in new[] { ("a.snn", "pytorch"), ("b.snn", "pytorch"), ("c.snn", "he") })
        {
            var run = Tool.Run(folder.Path, Train(model, "--init", init));
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var first = File.ReadAllBytes(folder.File("a.snn"));
        Assert.Equal(first, File.ReadAllBytes(folder.File("b.snn")));
        Assert.NotEqual(first, File.ReadAllBytes(folder.File("c.snn")));
    }

    /// <summary>Without a scaler nothing is folded into the first layer; the saved model still takes the raw features.</summary>
    [Fact]
    public void Scaling_none_saves_a_model_that_reproduces_its_printed_accuracy()
    {
        using var folder = new TempFolder();
        var none = Tool.Run(folder.Path, Train("none.snn", "--scaling", "none"));
        Assert.True(none.ExitCode == 0, none.ToString());
        var standard = Tool.Run(folder.Path, Train("standard.snn", "--scaling", "standard"));
        Assert.True(standard.ExitCode == 0, standard.ToString());
        Assert.NotEqual(File.ReadAllBytes(folder.File("none.snn")), File.ReadAllBytes(folder.File("standard.snn")));

        var printed = Tool.Accuracy(none.Output, "test accuracy:");
        var evaluate = Tool.Run(folder.Path, "evaluate", "--model", "none.snn", "--data", "digits", "--seed", "3");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        var measured = Tool.Accuracy(evaluate.Output, "accuracy:");
        Assert.Equal((printed.Correct, printed.Total), (measured.Correct, measured.Total));
        // Two epochs on raw 0-16 pixels: far above the 10% of guessing.
        Assert.True(printed.Correct > 0.6 * printed.Total, none.ToString());
    }

    [Theory]
    [InlineData("--init", "xavier")]
    [InlineData("--scaling", "minmax")]
    public void An_unknown_choice_is_refused(string option, string value)
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, "train", option, value);
        Tool.AssertRefused(run, 2, value);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
