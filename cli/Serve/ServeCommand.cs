using System.CommandLine;
using System.Globalization;
using SimdNn.Cli.Commands;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Serve;

/// <summary>
/// `simd-nn serve`: loads a model, serves POST /predict, GET /healthz, GET /model and GET /stats over
/// HTTP, reloads the model when its file is replaced, and stops gracefully on SIGTERM or Ctrl+C (exit 0).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelFiles.Accepted + "; reloaded when the file is replaced", Required = true };
        var host = new Option<string>("--host").Default("127.0.0.1")
            .Describe("Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every IPv4 interface), ::1, or a host name");
        var port = new Option<int>("--port").Default(8080).Require(p => p is >= 0 and <= 65535, "must be from 0 to 65535 (0: any free port)")
            .Describe("TCP port; 0 picks a free one, which the listening line names");
        var maxBatch = new Option<int>("--max-batch").Default(1024).Require(b => b >= 1, "must be at least 1")
            .Describe("Most rows one request may hold (more is refused with 413); also sets the largest body read");
        var command = new Command("serve", "Serve a model over HTTP: POST /predict (JSON or float32 rows), GET /healthz, GET /model, GET /stats; hot reload when the model file is replaced")
        {
            model, host, port, maxBatch,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(maxBatch)));
        return command;
    }

    private static int Run(string path, string host, int port, int maxBatch)
    {
        using var holder = new ModelHolder(path, maxBatch);
        var model = holder.Current;
        var limits = new RequestLimits(maxBatch, model.Inputs);
        if (limits.Problem() is { } problem) throw CliException.UsageError(problem);
        if (model.Model.FindNonFinite() is { } bad)
        {
            ServeLog.Problem($"warning: {path} has {bad}; its predictions will be NaN (null in JSON replies)");
        }

        ServeLog.Event(string.Create(CultureInfo.InvariantCulture,
            $"loaded {path} ({model.Info.Task}, {model.Info.Weights}, {model.Inputs} inputs, {model.Outputs} outputs) in {model.Info.LoadMilliseconds:F0} ms"));
        using var app = ServeHost.Build(host, port, limits, () => holder.Current);
        try
        {
            ServeHost.Run(app, string.Create(CultureInfo.InvariantCulture, $"max batch {maxBatch}; POST /predict, GET /healthz, /model, /stats"));
        }
        catch (IOException e)
        {
            // Kestrel's "address already in use" and the like.
            throw CliException.DataError($"cannot listen on {host}:{port}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // E.g. port 0 with the name localhost, which Kestrel cannot bind dynamically on both address families.
            throw CliException.UsageError($"cannot listen on {host}:{port}: {e.Message}");
        }

        return ExitCodes.Ok;
    }
}
