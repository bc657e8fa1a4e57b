using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>One server (4 inputs, 3 labelled outputs, --max-batch 8) shared by the request tests.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public const int MaxBatch = 8;

    public TempFolder Folder { get; } = new();

    public string ModelPath => Folder.File("model.snn");

    public Network Network { get; private set; } = null!;

    public ServeServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Network = ServeServer.SaveModel(ModelPath, seed: 1);
        Server = await ServeServer.StartAsync(ModelPath, "--max-batch", MaxBatch.ToString(CultureInfo.InvariantCulture));
    }

    public Task DisposeAsync()
    {
        Server?.Dispose();
        Folder.Dispose();
        return Task.CompletedTask;
    }
}

public class ServeTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private ServeServer Server => fixture.Server;

    [Fact]
    public async Task Json_rows_give_the_outputs_of_Predict_and_the_label_of_each_row()
    {
        float[] rows = ServeServer.Rows(3, 4, seed: 2);
        string json = "{\"inputs\": [" + string.Join(", ", rows.Chunk(4).Select(row => "[" + string.Join(", ", row.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]}";
        using var response = await Server.PostJsonAsync(json);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        var reply = JsonDocument.Parse(text).RootElement;
        var want = MemoryMarshal.Cast<byte, float>(ServeServer.Predicted(fixture.Network, rows)).ToArray();
        var got = reply.GetProperty("outputs").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        // Written in shortest round-trip form, so parsing gives back the very floats.
        Assert.Equal(want, got);
        string[] labels = ServeServer.Labels(3);
        var wantLabels = want.Chunk(3).Select(row => labels[Array.IndexOf(row, row.Max())]);
        Assert.Equal(wantLabels, reply.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
    }

    [Fact]
    public async Task Binary_rows_give_the_bytes_of_Predict_on_the_same_model()
    {
        float[] rows = ServeServer.Rows(ServeFixture.MaxBatch, 4, seed: 3);
        using var response = await Server.PostBinaryAsync(rows);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ServeServer.Predicted(fixture.Network, rows), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]", "malformed JSON")]
    [InlineData("[[1, 2, 3, 4]]", "not a JSON object")]
    [InlineData("{\"rows\": [[1, 2, 3, 4]]}", "no \"inputs\"")]
    [InlineData("{\"inputs\": [1, 2, 3, 4]}", "row 1 is not an array")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4], [1, 2, 3]]}", "row 2 has 3 values; the model takes 4")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4, 5]]}", "row 1 has more than 4 values")]
    [InlineData("{\"inputs\": [[1, 2, 1e39, 4]]}", "row 1 value 3 (1e39) is not a finite float32")]
    [InlineData("{\"inputs\": [[1, \"NaN\", 3, 4]]}", "row 1 value 2 is not a number")]
    [InlineData("{\"inputs\": []}", "empty batch")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]]} x", "malformed JSON")]
    public async Task A_bad_JSON_body_is_a_400_naming_the_problem(string body, string problem)
    {
        using var response = await Server.PostJsonAsync(body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, problem);
    }

    [Fact]
    public async Task A_bad_binary_body_is_a_400_naming_the_problem()
    {
        using (var ragged = await Server.PostAsync(new byte[4 * 4 + 2], "application/octet-stream"))
        {
            await AssertErrorAsync(ragged, HttpStatusCode.BadRequest, "18 bytes, not whole rows: a row is 4 float32 values, 16 bytes");
        }

        using (var empty = await Server.PostAsync([], "application/octet-stream"))
        {
            await AssertErrorAsync(empty, HttpStatusCode.BadRequest, "empty batch");
        }

        float[] rows = ServeServer.Rows(2, 4, seed: 4);
        rows[6] = float.PositiveInfinity;
        using var infinite = await Server.PostBinaryAsync(rows);
        await AssertErrorAsync(infinite, HttpStatusCode.BadRequest, "row 2 value 3 is Infinity");
        rows[6] = float.NaN;
        using var nan = await Server.PostBinaryAsync(rows);
        await AssertErrorAsync(nan, HttpStatusCode.BadRequest, "row 2 value 3 is NaN");
    }

    [Fact]
    public async Task More_rows_than_max_batch_or_a_body_over_the_limit_is_a_413()
    {
        string row = "[1, 2, 3, 4]";
        using (var rows = await Server.PostJsonAsync("{\"inputs\": [" + string.Join(",", Enumerable.Repeat(row, ServeFixture.MaxBatch + 1)) + "]}"))
        {
            await AssertErrorAsync(rows, HttpStatusCode.RequestEntityTooLarge, "more than 8 rows; --max-batch is 8");
        }

        // 4096 + 8 · (4 + 1) · 32 = 5376 bytes is the JSON limit of this server: padding takes a small body over it.
        using (var padded = await Server.PostJsonAsync("{\"inputs\": [" + row + "]" + new string(' ', 5400) + "}"))
        {
            await AssertErrorAsync(padded, HttpStatusCode.RequestEntityTooLarge, "the limit is 5376 bytes: --max-batch 8 rows × (4 inputs + 1) × 32 bytes a number + 4096");
        }

        using var binary = await Server.PostBinaryAsync(ServeServer.Rows(ServeFixture.MaxBatch + 1, 4, seed: 5));
        await AssertErrorAsync(binary, HttpStatusCode.RequestEntityTooLarge, "the body has 144 bytes; the limit is 128 bytes: --max-batch 8 rows of 4 float32 values");
    }

    [Fact]
    public async Task Another_content_type_is_a_415()
    {
        using var response = await Server.PostAsync(Encoding.UTF8.GetBytes("1,2,3,4"), "text/csv");
        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type text/csv is not supported");
    }

    [Fact]
    public async Task Healthz_and_model_describe_the_loaded_model()
    {
        using (var health = await Server.Client.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var model = await Server.GetJsonAsync("model");
        Assert.Equal(fixture.ModelPath, model.GetProperty("path").GetString());
        Assert.Equal("classification", model.GetProperty("task").GetString());
        Assert.Equal(4, model.GetProperty("inputs").GetInt32());
        Assert.Equal(3, model.GetProperty("outputs").GetInt32());
        Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, model.GetProperty("parameters").GetInt64());
        Assert.Equal(["Relu", "Softmax"], model.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("activation").GetString()));
        Assert.Equal(ServeServer.Labels(3), model.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
        Assert.Equal(1, model.GetProperty("generation").GetInt32());
        Assert.True(model.GetProperty("loadMilliseconds").GetDouble() >= 0);
        Assert.True(model.GetProperty("loadedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Contains("SIMDNNMF", model.GetProperty("format").GetString(), StringComparison.Ordinal);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.True(error.Contains(problem, StringComparison.Ordinal), $"expected '{problem}' in: {error}");
    }
}

/// <summary>Hot reload and shutdown: each test has a server of its own, since each changes its model or ends it.</summary>
public class ServeLifecycleTests
{
    [Fact]
    public async Task A_model_replaced_under_load_is_swapped_in_with_no_failed_request()
    {
        using var served = await ServedFile.StartAsync();
        var (path, server) = (served.Path, served.Server);
        float[] rows = ServeServer.Rows(4, 4, seed: 7);
        byte[] before = ServeServer.Predicted(served.Model, rows);

        var second = new Network(new DenseLayer(4, 16, Activation.Tanh), new DenseLayer(16, 3, Activation.Softmax));
        second.Initialize(2);
        byte[] after = ServeServer.Predicted(second, rows);
        var swapped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var servedOld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new List<string>();
        int oldReplies = 0, newReplies = 0, newAfterSwap = 0;
        async Task Loop()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            while (!stop.IsCancellationRequested)
            {
                bool startedAfterSwap = swapped.Task.IsCompleted;
                try
                {
                    using var response = await server.PostBinaryAsync(rows);
                    byte[] bytes = await response.Content.ReadAsByteArrayAsync();
                    bool isOld = bytes.AsSpan().SequenceEqual(before), isNew = bytes.AsSpan().SequenceEqual(after);
                    lock (failures)
                    {
                        if (response.StatusCode != HttpStatusCode.OK || !(isOld || isNew)) failures.Add($"{response.StatusCode}, {bytes.Length} bytes");
                        else if (startedAfterSwap && isOld) failures.Add("the old model answered a request sent after the swap was seen");
                        if (isOld && ++oldReplies >= 20) servedOld.TrySetResult();
                        if (isNew) newReplies++;
                        if (startedAfterSwap && isNew && ++newAfterSwap >= 100) return;
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures) failures.Add(e.Message);
                }
            }
        }

        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(Loop)).ToArray();
        await servedOld.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ModelFile.Save(second, ServeServer.Labels(3), ModelTask.Classification, path);
        await server.WaitForLogAsync("reloaded");
        Assert.Equal(2, (await server.GetJsonAsync("model")).GetProperty("generation").GetInt32());
        swapped.SetResult();
        await Task.WhenAll(loops);

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)) + "\n" + server.Log);
        Assert.True(oldReplies > 0 && newAfterSwap >= 100, $"{oldReplies} replies from the old model, {newReplies} from the new");
        Assert.Equal(16, (await server.GetJsonAsync("model")).GetProperty("layers")[0].GetProperty("outputs").GetInt32());
    }

    [Fact]
    public async Task A_file_that_does_not_load_is_logged_and_the_old_model_keeps_serving()
    {
        using var served = await ServedFile.StartAsync();
        var (path, server, model) = (served.Path, served.Server, served.Model);
        float[] rows = ServeServer.Rows(2, 4, seed: 8);

        // Replaced the way Save replaces a file (a finished temporary file renamed over it), with a damaged copy.
        byte[] damaged = File.ReadAllBytes(path);
        damaged[^1] ^= 0xFF;
        AtomicFile.Write(path, stream => stream.Write(damaged));
        await server.WaitForLogAsync("reload failed, still serving generation 1");
        await AssertServesAsync(server, rows, model);

        ServeServer.SaveModel(path, seed: 3, inputs: 5);
        await server.WaitForLogAsync("reload failed, still serving generation 1", occurrences: 2);
        Assert.Contains("now takes 5 inputs, the served model 4; restart", server.Log, StringComparison.Ordinal);
        await AssertServesAsync(server, rows, model);
        Assert.Equal(1, (await server.GetJsonAsync("model")).GetProperty("generation").GetInt32());

        // The watcher still works after failures: a good file is taken.
        var good = ServeServer.SaveModel(path, seed: 4);
        await server.WaitForLogAsync("reloaded");
        await AssertServesAsync(server, rows, good);
    }

    [Fact]
    public async Task SIGTERM_finishes_the_request_in_flight_and_exits_0()
    {
        using var served = await ServedFile.StartAsync();
        var (server, model) = (served.Server, served.Model);
        byte[] body = MemoryMarshal.AsBytes(ServeServer.Rows(2, 4, seed: 9).AsSpan()).ToArray();

        // Headers and half the body now, the rest after SIGTERM: the request is in flight throughout.
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = client.GetStream();
        string headers = $"POST /predict HTTP/1.1\r\nHost: {server.Address.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();
        await Task.Delay(200);

        server.Terminate();
        await server.WaitForLogAsync("stopping: finishing requests in flight");
        await stream.WriteAsync(body.AsMemory(body.Length / 2));
        var reply = new MemoryStream();
        await stream.CopyToAsync(reply).WaitAsync(TimeSpan.FromSeconds(30));
        byte[] bytes = reply.ToArray();
        string head = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);
        int end = head.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Equal(ServeServer.Predicted(model, MemoryMarshal.Cast<byte, float>(body).ToArray()), bytes[end..]);

        Assert.Equal(0, await server.WaitForExitAsync());
        await server.WaitForLogAsync("stopped");
    }

    private static async Task AssertServesAsync(ServeServer server, float[] rows, Network model)
    {
        using var response = await server.PostBinaryAsync(rows);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ServeServer.Predicted(model, rows), await response.Content.ReadAsByteArrayAsync());
    }
}
