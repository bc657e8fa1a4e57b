using System.CommandLine;
using Spectre.Console;

namespace SimdNn.Cli.Commands;

/// <summary>
/// Builds the command tree, parses, runs the chosen action and turns failures into one line on
/// stderr and an exit code (2 usage, 1 data); stack traces only with --verbose.
/// </summary>
internal static partial class CommandLine
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces on errors",
        Recursive = true,
    };

    public static int Run(string[] args)
    {
        // Isa reads the cap once in a type initializer; check it here so a typo is a usage error, not a crash.
        if (Environment.GetEnvironmentVariable(Numerics.Simd.Isa.MaxVectorBitsVariable) is { Length: > 0 } cap && cap.Trim() is not ("512" or "256" or "128" or "0"))
        {
            Console.Error.WriteLine($"simd-nn: {Numerics.Simd.Isa.MaxVectorBitsVariable} must be 512, 256, 128 or 0; it is '{cap}'");
            return ExitCodes.Usage;
        }

        var root = new RootCommand("simd-nn: train, evaluate and run dense neural networks on pure-managed SIMD kernels.\nWith no command, trains a small MLP on the embedded digits data.");
        root.Options.Add(Verbose);
        TrainCommand.AddDefaultRun(root);
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(Serve.ServeCommand.Create());
        ExportCommand.AddIfAvailable(root);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', parse.CommandResult.Command == root ? ["simd-nn"] : new[] { "simd-nn", parse.CommandResult.Command.Name });
            var error = parse.Errors[0];
            // One line: System.CommandLine lists allowed values on separate lines.
            string message = string.Join(' ', error.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            message = Retold(message);
            if (error.SymbolResult is System.CommandLine.Parsing.OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
            {
                message = $"{option.Option.Name}: {message}";
            }

            Console.Error.WriteLine($"simd-nn: {message}");
            Console.Error.WriteLine($"Try '{command} --help'.");
            return ExitCodes.Usage;
        }

        bool verbose = parse.GetValue(Verbose);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (CliException e)
        {
            Report(e, verbose);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(e, verbose);
            return ExitCodes.Data;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"simd-nn: internal error: {e.GetType().Name}: {e.Message}");
            if (verbose) Console.Error.WriteLine(e);
            else Console.Error.WriteLine("Run again with --verbose for the stack trace.");
            return ExitCodes.Data;
        }
    }

    /// <summary>
    /// System.CommandLine says "Cannot parse argument 'X' for option '--epochs' as expected type
    /// 'System.Int32'": a type name means nothing to a user, the option's range does.
    /// </summary>
    private static string Retold(string message)
    {
        var match = UnparsableValue().Match(message);
        if (!match.Success) return message;
        string option = match.Groups["option"].Value;
        string value = match.Groups["value"].Value;
        // Nullable options name their type as System.Nullable`1[System.Single] and the like.
        string type = match.Groups["type"].Value;
        string kind = type.Contains("Int32", StringComparison.Ordinal) ? $"a whole number from {int.MinValue} to {int.MaxValue}"
            : type.Contains("Single", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) ? "a number"
            : "a valid value";
        return OptionChecks.RuleFor(option) is { } rule ? $"{option} {rule}; got '{value}'." : $"{option}: '{value}' is not {kind}.";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'")]
    private static partial System.Text.RegularExpressions.Regex UnparsableValue();

    private static void Report(Exception e, bool verbose)
    {
        Console.Error.WriteLine($"simd-nn: {e.Message}");
        if (verbose) Console.Error.WriteLine(e);
    }

    /// <summary>The console for results; Spectre detects a redirected stdout and drops colour and live widgets.</summary>
    public static IAnsiConsole Out { get; } = CreateConsole();

    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Console;
        // Redirected output (logs, pipes, tests) has no terminal width; Spectre would wrap at 80.
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }
}
