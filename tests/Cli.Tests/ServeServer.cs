using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>
/// A running `simd-nn serve` (the built tool, as a separate process) on a free loopback port: it is
/// started with --port 0 and the test reads the port from the listening line. Disposing kills it if
/// a test left it running, so a failed assertion never leaves a server behind.
/// </summary>
public sealed partial class ServeServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder log;

    private ServeServer(Process process, StringBuilder log, Uri address)
    {
        this.process = process;
        this.log = log;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public Uri Address => Client.BaseAddress!;

    public int ProcessId => process.Id;

    /// <summary>Everything the server printed so far, stdout and stderr interleaved as they arrived.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    public static async Task<ServeServer> StartAsync(string model, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Tool.Dll, "serve", "--model", model, "--port", "0" }.Concat(options)) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var text = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (text) text.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(StartTimeout));
            if (first != listening.Task) throw new InvalidOperationException($"simd-nn serve did not start listening:\n{Snapshot(text)}");
        }
        catch
        {
            Stop(process);
            throw;
        }

        return new ServeServer(process, text, await listening.Task);
    }

    /// <summary>Posts rows as float32 little-endian bytes.</summary>
    public Task<HttpResponseMessage> PostBinaryAsync(ReadOnlySpan<float> rows) =>
        PostAsync(MemoryMarshal.AsBytes(rows).ToArray(), "application/octet-stream");

    public Task<HttpResponseMessage> PostJsonAsync(string json) => PostAsync(Encoding.UTF8.GetBytes(json), "application/json");

    public Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Client.PostAsync("predict", content);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode}\n{Log}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls the log until <paramref name="text"/> appears (the server prints one line per event).</summary>
    public async Task WaitForLogAsync(string text, int occurrences = 1)
    {
        var clock = Stopwatch.StartNew();
        while (Regex.Count(Log, Regex.Escape(text)) < occurrences)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"'{text}' (×{occurrences}) not in the server's log:\n{Log}");
            await Task.Delay(20);
        }
    }

    /// <summary>SIGTERM, what a service manager or `docker stop` sends.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        Client.Dispose();
        Stop(process);
        process.Dispose();
    }

    /// <summary>A small classification model (inputs → 8 ReLU → outputs, softmax) with class labels, saved atomically as Save does.</summary>
    public static Network SaveModel(string path, int seed, int inputs = 4, int outputs = 3)
    {
        var network = new Network(new DenseLayer(inputs, 8, Activation.Relu), new DenseLayer(8, outputs, Activation.Softmax));
        network.Initialize(seed);
        ModelFile.Save(network, Labels(outputs), ModelTask.Classification, path);
        return network;
    }

    public static string[] Labels(int outputs) => [.. Enumerable.Range(0, outputs).Select(i => $"class-{(char)('a' + i)}")];

    /// <summary>Rows of dyadic values in [-2, 2), reproducible from the seed.</summary>
    public static float[] Rows(int batch, int inputs, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, batch * inputs).Select(_ => random.Next(-64, 64) / 32f)];
    }

    public static byte[] Predicted(Network network, float[] rows)
    {
        int batch = rows.Length / network.InputSize;
        var outputs = new float[batch * network.OutputSize];
        network.Predict(rows, batch, outputs);
        return MemoryMarshal.AsBytes(outputs.AsSpan()).ToArray();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text) return text.ToString();
    }

    [GeneratedRegex(@"listening on (http://\S+?)[ ,]")]
    private static partial Regex ListeningLine();
}

/// <summary>A server of its own on a model (seed 1) in a temporary folder, for a test that replaces the file or stops the server.</summary>
public sealed class ServedFile : IDisposable
{
    private ServedFile(TempFolder folder, Network model, ServeServer server)
    {
        Folder = folder;
        Model = model;
        Server = server;
    }

    public TempFolder Folder { get; }

    public string Path => Folder.File("model.snn");

    public Network Model { get; }

    public ServeServer Server { get; }

    public static async Task<ServedFile> StartAsync()
    {
        var folder = new TempFolder();
        try
        {
            var model = ServeServer.SaveModel(folder.File("model.snn"), seed: 1);
            return new ServedFile(folder, model, await ServeServer.StartAsync(folder.File("model.snn")));
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Folder.Dispose();
    }
}
