using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Numerics.Simd;
using Spectre.Console;
using SimdNn.Cli.Verification;

namespace SimdNn.Cli.Commands;

/// <summary>
/// `simd-nn verify`: a deployment self-test. The instruction-set path is fixed per process (by
/// SIMDNN_MAX_VECTOR_BITS), so the command re-launches itself once per path this machine
/// accelerates with the hidden --single option, gathers the result lines and prints one table.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed").Describe("Seed for the random shapes and values").Default(1);
        var single = new Option<bool>("--single") { Description = "Run the checks on this process's path only and print result lines", Hidden = true };
        var command = new Command("verify", "Check every kernel on every instruction-set path of this machine against naive double-precision references, plus a gradient check; exit 1 on any failure")
        {
            seed, single,
        };
        command.SetAction(parse => parse.GetValue(single) ? RunSingle(parse.GetValue(seed)) : RunAll(parse.GetValue(seed)));
        return command;
    }

    private static int RunSingle(int seed)
    {
        foreach (var result in KernelChecks.All(seed).Append(LayerGradientCheck.Run(seed)).Append(BackpropGradientCheck.Run(seed)))
        {
            Console.WriteLine(result.ToLine(Isa.VectorBits));
        }

        return ExitCodes.Ok;
    }

    /// <summary>The paths this machine accelerates, capped by the caller's own SIMDNN_MAX_VECTOR_BITS if set.</summary>
    private static int[] Paths()
    {
        var paths = new List<int>();
        if (Vector512.IsHardwareAccelerated) paths.Add(512);
        if (Vector256.IsHardwareAccelerated) paths.Add(256);
        if (Vector128.IsHardwareAccelerated) paths.Add(128);
        paths.Add(0);
        return paths.Where(p => p <= Isa.VectorBits || p == 0).ToArray();
    }

    private static int RunAll(int seed)
    {
        var console = CommandLine.Out;
        var paths = Paths();
        console.MarkupLineInterpolated($"[bold]simd-nn verify[/]: kernels against double-precision references on {string.Join(", ", paths.Select(Label))} (seed {seed})");
        var results = new Dictionary<(string Name, int Bits), CheckResult>();
        var names = new List<string>();
        var problems = new List<string>();
        foreach (int bits in paths)
        {
            var (exitCode, output, error) = RunChild(bits, seed);
            int seen = 0;
            foreach (var line in output.Split('\n'))
            {
                if (CheckResult.FromLine(line.TrimEnd('\r'), out int reported) is not { } result) continue;
                seen++;
                if (!names.Contains(result.Name)) names.Add(result.Name);
                results[(result.Name, bits)] = result;
                if (reported != bits) problems.Add($"{Label(bits)}: the child ran on {Label(reported)}");
                if (!result.Passed) problems.Add($"{result.Name} on {Label(bits)}: {result.FirstFailure ?? "no cases ran"}");
            }

            if (exitCode != 0 || seen == 0)
            {
                string last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {exitCode}";
                problems.Add($"{Label(bits)}: the check process failed: {last}");
            }
        }

        var table = new Table { Title = new TableTitle("checks (cases passed / run) per instruction-set path") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("check");
        foreach (int bits in paths) table.AddColumn(new TableColumn(Label(bits)).Centered());
        table.AddColumn(new TableColumn("worst error / tolerance").RightAligned());
        foreach (string name in names)
        {
            var cells = new List<string> { name };
            foreach (int bits in paths)
            {
                cells.Add(results.TryGetValue((name, bits), out var r)
                    ? r.Passed ? $"[green]pass[/] {r.Cases}" : $"[red]FAIL[/] {r.Cases - Math.Min(r.Cases, r.Failures)}/{r.Cases}"
                    : "[red]missing[/]");
            }

            double worstRatio = paths.Select(b => results.TryGetValue((name, b), out var r) ? r.WorstRatio : double.NaN).Max();
            cells.Add(worstRatio.ToString("F3", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        foreach (var problem in problems) Console.Error.WriteLine($"simd-nn: verify: {problem}");
        if (problems.Count > 0)
        {
            console.MarkupLine("[red bold]FAILED[/]");
            return ExitCodes.Data;
        }

        console.MarkupLine("[green bold]all checks passed[/]");
        return ExitCodes.Ok;
    }

    private static string Label(int bits) => bits == 0 ? "scalar" : $"Vector{bits}";

    private static (int ExitCode, string Output, string Error) RunChild(int bits, int seed)
    {
        var start = SelfLaunch.StartInfo();
        foreach (var argument in new[] { "verify", "--single", "--seed", seed.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
        start.Environment[Isa.MaxVectorBitsVariable] = bits.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the check process");
        var errorTask = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errorTask.GetAwaiter().GetResult());
    }
}

/// <summary>How to start this same tool again: the apphost directly, or `dotnet simd-nn.dll`.</summary>
internal static class SelfLaunch
{
    public static ProcessStartInfo StartInfo()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "simd-nn.dll"));
        }

        return start;
    }
}
