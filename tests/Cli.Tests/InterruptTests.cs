using System.Diagnostics;

namespace Cli.Tests;

public class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_during_training_stops_after_the_batch_and_saves_the_best_model()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var folder = new TempFolder();
        // A shell starts a background job with SIGINT ignored, the child inherits that, and .NET then
        // leaves SIGINT alone, as it should: Ctrl+C reaches only foreground processes. So when this
        // test run was started in the background, the tool is started with SIGINT back to its default.
        bool resetSigInt = SigIntIgnored();
        var start = new ProcessStartInfo(resetSigInt ? "env" : "dotnet")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (resetSigInt) foreach (var arg in new[] { "--default-signal=INT", "dotnet" }) start.ArgumentList.Add(arg);
        foreach (var arg in new[] { Tool.Dll, "train", "--data", "digits", "--epochs", "100000", "--layers", "32", "--out", "m.snn" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var firstEpoch = new TaskCompletionSource();
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.TrimStart().StartsWith("epoch ", StringComparison.Ordinal)) firstEpoch.TrySetResult();
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await firstEpoch.Task.WaitAsync(TimeSpan.FromMinutes(2));

            // SIGINT is what Ctrl+C sends to the foreground process.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            // A failed wait must not leave the tool training on for 100,000 epochs.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        string stdout;
        lock (output) stdout = output.ToString();
        var run = new ToolRun(process.ExitCode, stdout, await error);

        Assert.True(run.ExitCode == 130, run.ToString());
        Assert.Contains("stopping after the current batch", run.Error, StringComparison.Ordinal);
        Assert.Contains("interrupted", run.Output, StringComparison.Ordinal);
        // The saved model is whole: it loads, checksum and all.
        var info = Tool.Run(folder.Path, "info", "--model", "m.snn");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Equal(["m-loss.png", "m.snn"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Whether this process ignores SIGINT (Linux: bit 1 of SigIgn in /proc/self/status); children inherit it.</summary>
    private static bool SigIntIgnored()
    {
        if (!OperatingSystem.IsLinux()) return false;
        string line = File.ReadLines("/proc/self/status").First(text => text.StartsWith("SigIgn:", StringComparison.Ordinal));
        ulong ignored = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (ignored & (1UL << (2 - 1))) != 0;
    }
}
