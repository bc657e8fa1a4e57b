using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Numerics.Simd;

namespace SimdNn.Cli.Verification;

/// <summary>
/// What one `verify --single` child printed: its exit code and both streams, or, when it could not be
/// started at all, why (<see cref="StartFailure"/>, with an exit code of -1 and empty streams).
/// </summary>
internal sealed record CheckProcessRun(int ExitCode, string Output, string Error, string? StartFailure)
{
    /// <summary>One short line on why the child gave no results: it did not start, or how it ended.</summary>
    public string Failure =>
        StartFailure ?? Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? $"exit code {ExitCode}";
}

/// <summary>
/// Starts this same tool again with `verify --single` under a given SIMDNN_MAX_VECTOR_BITS: the path is
/// fixed once per process (<see cref="Isa.VectorBits"/>), so checking another path needs another process.
/// </summary>
internal static class CheckProcess
{
    /// <summary>Runs the checks for <paramref name="bits"/> in a child; <paramref name="program"/> replaces this tool (tests use it to simulate a failed re-launch).</summary>
    public static CheckProcessRun Run(int bits, int seed, string? program)
    {
        var start = program is null ? SelfStartInfo() : Redirected(program);
        foreach (var argument in new[] { "verify", "--single", "--seed", seed.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
        start.Environment[Isa.MaxVectorBitsVariable] = bits.ToString(CultureInfo.InvariantCulture);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Under a user-mode emulator without a binfmt registration the kernel refuses to exec this
            // binary (Exec format error); in a sandbox without fork, or on a platform without processes,
            // there is no child either. The errno's own text is the useful part of Win32Exception's message.
            string reason = e is Win32Exception win32 ? new Win32Exception(win32.NativeErrorCode).Message : e.Message;
            return new CheckProcessRun(-1, "", "", $"cannot start {start.FileName}: {reason}");
        }

        if (process is null) return new CheckProcessRun(-1, "", "", $"cannot start {start.FileName}");
        using (process)
        {
            var errorTask = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new CheckProcessRun(process.ExitCode, output, errorTask.GetAwaiter().GetResult(), null);
        }
    }

    /// <summary>
    /// How to start this tool again. A Native AOT binary, an apphost (whatever it was renamed to) and a
    /// single-file bundle are their own process path; only under the dotnet host (`dotnet simd-nn.dll`)
    /// is the process path the host, which then needs the tool's dll as its first argument.
    /// </summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        string? processPath = Environment.ProcessPath;
        if (!RuntimeFeature.IsDynamicCodeSupported && processPath is not null) return Redirected(processPath);
        var start = Redirected(processPath ?? "dotnet");
        if (processPath is null || Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            string name = typeof(CheckProcess).Assembly.GetName().Name ?? "simd-nn";
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
        }

        return start;
    }

    private static ProcessStartInfo Redirected(string fileName) => new(fileName)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
}
