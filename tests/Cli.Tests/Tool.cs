using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cli.Tests;

/// <summary>The result of one run of the built simd-nn tool, with its peak resident memory (VmHWM, 0 where /proc is missing) and wall time.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error, long PeakBytes = 0, TimeSpan Elapsed = default)
{
    public override string ToString() =>
        $"exit {ExitCode}, peak {PeakBytes / (1 << 20)} MiB, {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Runs the built tool as a separate process (`dotnet simd-nn.dll ...`), the way a user would. The
/// tool is built beside the tests (the test project references cli without using it as a library).
/// </summary>
public static partial class Tool
{
    public static string Dll { get; } = FindDll();

    /// <summary>The repository root (the folder holding simd-nn.sln), for data/ files.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static ToolRun RunWith(string workingDirectory, IDictionary<string, string>? environment, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The ISA cap of the test run (CI sets SIMDNN_MAX_VECTOR_BITS) is inherited by the child.
        if (environment is not null)
        {
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        // VmHWM is the process's own high-water mark, so polling it misses at most what grew in the
        // last interval before exit; `dotnet simd-nn.dll` runs the tool in this very process.
        var clock = Stopwatch.StartNew();
        long peak = 0;
        while (!process.WaitForExit(TimeSpan.FromMilliseconds(20)))
        {
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"simd-nn {string.Join(' ', args)} did not finish in 3 minutes");
            }
        }

        process.WaitForExit();
        return new ToolRun(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult(), peak, clock.Elapsed);
    }

    /// <summary>VmHWM from /proc/PID/status, in bytes; 0 if unreadable (the process has just exited, or no /proc).</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return 1024 * long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>
    /// The contract of every refused input (issue 16): the exit code, one line on stderr starting
    /// "simd-nn: " that contains <paramref name="message"/> (a second "Try ... --help" line for
    /// parse errors), no internal error, no stack trace, under 1 GB peak memory and within 30 s.
    /// </summary>
    public static void AssertRefused(ToolRun run, int exitCode, string message)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 || lines.Length == 2 && lines[1].StartsWith("Try '", StringComparison.Ordinal), run.ToString());
        Assert.StartsWith("simd-nn: ", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Contains(message, StringComparison.Ordinal), $"expected '{message}' in:\n{run}");
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", run.Error, StringComparison.Ordinal);
        Assert.True(run.PeakBytes < 1L << 30, run.ToString());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), run.ToString());
    }

    public static ToolRun Run(string workingDirectory, params string[] args) => RunWith(workingDirectory, null, null, args);

    /// <summary>Parses "NN.NN% (a of b" from a line starting with <paramref name="prefix"/>: the counts behind a printed accuracy.</summary>
    public static (double Percent, int Correct, int Total) Accuracy(string output, string prefix)
    {
        var match = Regex.Match(output, Regex.Escape(prefix) + @"\s*([0-9.]+)%\s*\((\d+) of (\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{prefix}' line in:\n{output}");
        return (double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string FindDll()
    {
        string dir = AppContext.BaseDirectory.Replace("tests/Cli.Tests", "cli", StringComparison.Ordinal);
        string dll = Path.Combine(dir, "simd-nn.dll");
        Assert.True(File.Exists(dll), $"simd-nn.dll not found in {dir}");
        return dll;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "simd-nn.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("simd-nn.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simd-nn-cli-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
