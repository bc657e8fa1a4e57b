using System.Text.RegularExpressions;

namespace Cli.Tests;

public class DefaultRunTests
{
    [Fact]
    public void The_no_argument_run_trains_on_digits_and_the_saved_model_reaches_the_printed_accuracy()
    {
        using var folder = new TempFolder();
        // Few epochs keep the suite fast; everything else is the default run.
        var run = Tool.RunWith(folder.Path, new Dictionary<string, string> { ["SIMDNN_DEFAULT_EPOCHS"] = "4" }, null);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("digits", run.Output, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", run.Output, StringComparison.Ordinal);
        var printed = Tool.Accuracy(run.Output, "test accuracy:");

        string model = Path.Combine(folder.Path, "out", "digits.snn");
        string plot = Path.Combine(folder.Path, "out", "digits-loss.png");
        Assert.Contains(model, run.Output, StringComparison.Ordinal);
        Assert.Contains(plot, run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(model), run.ToString());
        var png = File.ReadAllBytes(plot);
        Assert.True(png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        // No temporary files are left beside the outputs.
        Assert.Equal(["digits-loss.png", "digits.snn"], Directory.GetFiles(Path.Combine(folder.Path, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The tool prints the command that re-checks the model; run it.
        var check = Regex.Match(run.Output, @"check it:\s+simd-nn (.+)$", RegexOptions.Multiline);
        Assert.True(check.Success, run.ToString());
        var evaluate = Tool.Run(folder.Path, check.Groups[1].Value.Trim().Split(' '));
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        var measured = Tool.Accuracy(evaluate.Output, "accuracy:");
        Assert.Equal((printed.Correct, printed.Total), (measured.Correct, measured.Total));
        Assert.Equal(359, printed.Total);
        // Four epochs of Adam on digits: far above the 10% of guessing (a broken pipeline lands near it).
        Assert.True(printed.Correct > 0.8 * printed.Total, run.ToString());
    }
}
