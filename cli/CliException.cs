namespace SimdNn.Cli;

/// <summary>
/// A problem the user can fix, reported as one line on stderr (no stack trace unless --verbose)
/// with an exit code: <see cref="ExitCodes.Usage"/> for bad arguments, <see cref="ExitCodes.Data"/>
/// for missing or malformed files and mismatched models.
/// </summary>
internal sealed class CliException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static CliException UsageError(string message) => new(message, ExitCodes.Usage);

    public static CliException DataError(string message, Exception? inner = null) => new(message, ExitCodes.Data, inner);
}

/// <summary>Process exit codes: 0 success, 1 data or verification failure, 2 usage, 130 interrupted.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Data = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;
}
