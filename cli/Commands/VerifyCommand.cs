using System.CommandLine;
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
/// Where it cannot re-launch itself (under a user-mode emulator that the kernel does not know, in a
/// sandbox without processes), it checks its own path in-process and says the others went unchecked.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed").Describe("Seed for the random shapes and values").Default(1);
        var single = new Option<bool>("--single") { Description = "Run the checks on this process's path only and print result lines", Hidden = true };
        var relaunchWith = new Option<string?>("--relaunch-with") { Description = "Start this program instead of simd-nn for the per-path checks (tests simulate a failed re-launch)", Hidden = true };
        var command = new Command("verify", "Check every kernel on every instruction-set path of this machine against naive double-precision references, plus a gradient check; exit 1 on any failure")
        {
            seed, single, relaunchWith,
        };
        command.SetAction(parse => parse.GetValue(single) ? RunSingle(parse.GetValue(seed)) : RunAll(parse.GetValue(seed), parse.GetValue(relaunchWith)));
        return command;
    }

    private static IEnumerable<CheckResult> Checks(int seed) =>
        KernelChecks.All(seed).Append(LayerGradientCheck.Run(seed)).Append(BackpropGradientCheck.Run(seed));

    private static int RunSingle(int seed)
    {
        foreach (var result in Checks(seed))
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

    private static int RunAll(int seed, string? relaunchWith)
    {
        var console = CommandLine.Out;
        var paths = Paths();
        console.MarkupLineInterpolated($"[bold]simd-nn verify[/]: kernels against double-precision references on {string.Join(", ", paths.Select(Label))} (seed {seed})");
        var table = new ResultTable();
        string? cannotRelaunch = null;
        foreach (int bits in paths)
        {
            var child = CheckProcess.Run(bits, seed, relaunchWith);
            int seen = table.AddLines(bits, child.Output);
            // No child has reported yet, so this one failing says re-launching does not work here, not
            // that a kernel broke; a kernel that crashes this path will crash the in-process run too.
            if (seen == 0 && table.IsEmpty)
            {
                cannotRelaunch = child.Failure;
                break;
            }

            if (child.ExitCode != 0 || seen == 0) table.Problems.Add($"{Label(bits)}: the check process failed: {child.Failure}");
        }

        if (cannotRelaunch is not null)
        {
            paths = [Isa.VectorBits];
            foreach (var result in Checks(seed)) table.Add(Isa.VectorBits, result, Isa.VectorBits);
            var skipped = Paths().Where(p => p != Isa.VectorBits).Select(Label).ToArray();
            // Plain text, not markup: one line however long the reason, as the caller reads it.
            Console.Out.WriteLine($"note: checked {Label(Isa.VectorBits)} in this process only, since it cannot re-launch itself ({cannotRelaunch}); "
                + (skipped.Length == 0 ? "this machine has no other path" : $"not checked: {string.Join(", ", skipped)} (set {Isa.MaxVectorBitsVariable} to check one)"));
        }

        console.Write(table.Render(paths));
        foreach (var problem in table.Problems) Console.Error.WriteLine($"simd-nn: verify: {problem}");
        if (table.Problems.Count > 0)
        {
            console.MarkupLine("[red bold]FAILED[/]");
            return ExitCodes.Data;
        }

        console.MarkupLine("[green bold]all checks passed[/]");
        return ExitCodes.Ok;
    }

    internal static string Label(int bits) => bits == 0 ? "scalar" : $"Vector{bits}";
}
