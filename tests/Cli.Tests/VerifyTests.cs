using System.Runtime.Intrinsics;
using Numerics.Simd;

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
        // The tool ran as `dotnet simd-nn.dll`, so re-launching it needs the dll after the host: it worked.
        Assert.DoesNotContain("note:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_checks_its_own_path_in_process_when_it_cannot_re_launch_itself()
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, "verify", "--relaunch-with", folder.File("no-such-program"));
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertInProcessOnly(run, "cannot start");
    }

    [Fact]
    public void Verify_checks_its_own_path_in_process_when_the_child_dies_before_any_result()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string program = Script(folder, "echo 'exec format trouble' >&2; exit 3");
        var run = Tool.Run(folder.Path, "verify", "--relaunch-with", program);
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertInProcessOnly(run, "exec format trouble");
    }

    [Fact]
    public void A_child_that_fails_after_another_reported_is_a_failure_not_a_fallback()
    {
        // Re-launching worked for the first path, so a later child that dies is a broken path.
        if (OperatingSystem.IsWindows() || Isa.VectorBits == 0) return;
        using var folder = new TempFolder();
        string program = Script(folder,
            "[ \"$SIMDNN_MAX_VECTOR_BITS\" = 0 ] && { echo 'scalar crashed' >&2; exit 3; }\n" +
            "printf 'RESULT\\tFake check\\t%s\\t1\\t0\\t0\\t\\n' \"$SIMDNN_MAX_VECTOR_BITS\"");
        var run = Tool.Run(folder.Path, "verify", "--relaunch-with", program);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("simd-nn: verify: scalar: the check process failed: scalar crashed", run.Error, StringComparison.Ordinal);
        Assert.Contains("Fake check", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("note:", run.Output, StringComparison.Ordinal);
    }

    /// <summary>One note line names the failure and every other path as unchecked; the table has this process's path only and all passed.</summary>
    private static void AssertInProcessOnly(ToolRun run, string reason)
    {
        string own = Label(Isa.VectorBits);
        var notes = run.Output.Split('\n').Where(line => line.StartsWith("note:", StringComparison.Ordinal)).ToArray();
        Assert.True(notes.Length == 1, run.ToString());
        Assert.StartsWith($"note: checked {own} in this process only, since it cannot re-launch itself (", notes[0], StringComparison.Ordinal);
        Assert.Contains(reason, notes[0], StringComparison.Ordinal);
        var accelerated = new[] { (512, Vector512.IsHardwareAccelerated), (256, Vector256.IsHardwareAccelerated), (128, Vector128.IsHardwareAccelerated), (0, true) };
        var others = accelerated.Where(path => path.Item2 && path.Item1 < Isa.VectorBits).Select(path => Label(path.Item1)).ToArray();
        Assert.Contains(others.Length == 0 ? "this machine has no other path" : "not checked: " + string.Join(", ", others), notes[0], StringComparison.Ordinal);
        Assert.Contains("all checks passed", run.Output, StringComparison.Ordinal);
        Assert.Contains("Gradient check", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
        string header = run.Output.Split('\n').First(line => line.Contains("check", StringComparison.Ordinal) && line.Contains("worst error", StringComparison.Ordinal));
        foreach (string label in others) Assert.DoesNotContain(label, header, StringComparison.Ordinal);
        Assert.Contains(own, header, StringComparison.Ordinal);
    }

    private static string Label(int bits) => bits == 0 ? "scalar" : $"Vector{bits}";

    /// <summary>An executable shell script standing in for the re-launched tool.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Script(TempFolder folder, string body)
    {
        string path = folder.File("child.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
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
