namespace SimdNn.Cli.Serve;

/// <summary>
/// One line per server event (loaded, listening, reloaded, reload failed, stopping, stopped) and
/// none per request: events on stdout, where scripts wait for the listening line; failures on stderr.
/// </summary>
internal static class ServeLog
{
    public static void Event(string message) => Console.Out.WriteLine($"simd-nn serve: {message}");

    public static void Problem(string message) => Console.Error.WriteLine($"simd-nn serve: {message}");
}
