using System.Diagnostics;

namespace Cli.Tests;

public class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_during_training_stops_after_the_batch_and_saves_the_best_model()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
        await firstEpoch.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // SIGINT is what Ctrl+C sends to the foreground process.
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1))) await process.WaitForExitAsync(timeout.Token);
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
}
