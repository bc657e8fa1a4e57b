using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SimdNn.Cli.Serve;

/// <summary>
/// The web host around the endpoints: Kestrel from the slim builder, logging cut to warnings on one
/// line each (no per-request or start-up chatter), our own event lines, and a graceful stop on
/// SIGTERM or Ctrl+C (the generic host stops accepting, lets requests in flight finish, then Run returns).
/// </summary>
internal static class ServeHost
{
    /// <summary>
    /// No configuration file is read from the working directory (a stray appsettings.json must not
    /// reconfigure a command-line tool), and none is watched (each watch costs an inotify instance).
    /// </summary>
    private static readonly WebApplicationOptions Options = new()
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = AppContext.BaseDirectory,
    };

    public static WebApplication Build(string host, int port, RequestLimits limits, Func<ServedModel> current)
    {
        var builder = WebApplication.CreateSlimBuilder(Options);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start (port in use) is told in one line by ServeCommand, not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.UseUrls(Url(host, port));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Our own checks answer first, with a message; this only bounds what Kestrel drains after a 413.
            kestrel.Limits.MaxRequestBodySize = Math.Max(limits.JsonBytes, limits.BinaryBytes);
        });
        var app = builder.Build();
        ServeEndpoints.Map(app, current, limits);
        return app;
    }

    /// <summary>Starts listening, prints the listening line (with the port Kestrel chose for --port 0), and blocks until stopped.</summary>
    public static void Run(WebApplication app, string what)
    {
        app.Lifetime.ApplicationStopping.Register(() => ServeLog.Event("stopping: finishing requests in flight"));
        app.Start();
        ServeLog.Event($"listening on {string.Join(", ", app.Urls)} ({what})");
        app.WaitForShutdown();
        ServeLog.Event("stopped");
    }

    private static string Url(string host, int port)
    {
        // An IPv6 literal needs brackets in a URL; names and IPv4 addresses go in as they are.
        string name = IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return string.Create(CultureInfo.InvariantCulture, $"http://{name}:{port}");
    }
}
