namespace Cli.Tests;

public class VerifyTests
{
    [Fact]
    public void Verify_passes_on_every_path_up_to_the_current_cap()
    {
        using var folder = new TempFolder();
        // The child inherits this test run's SIMDNN_MAX_VECTOR_BITS (CI runs once per cap), and
        // verify checks every path at or below it, each in its own process.
        var run = Tool.Run(folder.Path, "verify");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("all checks passed", run.Output, StringComparison.Ordinal);
        Assert.Contains("scalar", run.Output, StringComparison.Ordinal);
        Assert.Contains("Gradient check", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    [InlineData(0)]
    public void Single_path_checks_run_on_the_requested_path(int cap)
    {
        using var folder = new TempFolder();
        var run = Tool.RunWith(folder.Path, new Dictionary<string, string> { ["SIMDNN_MAX_VECTOR_BITS"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) }, null,
            "verify", "--single");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            Assert.Equal("RESULT", fields[0]);
            // The path never exceeds the cap (a machine without AVX-512 falls to a narrower one).
            Assert.InRange(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), 0, cap);
            Assert.True(fields[4] == "0", line);
        }
    }
}
