using System.Net;
using System.Runtime.InteropServices;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>
/// `simd-nn serve` on a quantized file (issue 19): /model says how the weights are stored, /predict answers with the
/// quantized network's own Predict, and a hot reload may swap int8, bf16 and float32 files under one server.
/// </summary>
public class QuantizedServeTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>
{
    [Fact]
    public async Task A_quantized_file_is_served_and_a_reload_may_change_its_format()
    {
        models.Quantized("iris", "int8", check: true);
        models.Quantized("iris", "bf16", check: true);
        using var folder = new TempFolder();
        string path = folder.File("served.q");
        File.Copy(models.Quantized("iris", "int8"), path);
        using var server = await ServeServer.StartAsync(path);
        Assert.Contains("quantized int8", server.Log, StringComparison.Ordinal);
        float[] rows = ServeServer.Rows(5, 4, seed: 3);

        var int8 = QuantizedNetwork.Load(path);
        var model = await server.GetJsonAsync("model");
        Assert.Equal("quantized int8", model.GetProperty("weights").GetString());
        Assert.Equal(int8.WeightBytes, model.GetProperty("weightBytes").GetInt64());
        Assert.Contains("SIMDNNQM", model.GetProperty("format").GetString(), StringComparison.Ordinal);
        Assert.Equal(["setosa", "versicolor", "virginica"], model.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
        await AssertServesAsync(server, rows, int8.Predict, int8.OutputSize);

        // Replaced as Save replaces a file: a finished temporary file renamed over it.
        byte[] bf16File = File.ReadAllBytes(models.Quantized("iris", "bf16"));
        AtomicFile.Write(path, stream => stream.Write(bf16File));
        await server.WaitForLogAsync("reloaded");
        model = await server.GetJsonAsync("model");
        Assert.Equal("quantized bf16", model.GetProperty("weights").GetString());
        Assert.Equal(2, model.GetProperty("generation").GetInt32());
        var bf16 = QuantizedNetwork.Load(path);
        await AssertServesAsync(server, rows, bf16.Predict, bf16.OutputSize);

        byte[] floatFile = File.ReadAllBytes(models.FloatModel("iris"));
        AtomicFile.Write(path, stream => stream.Write(floatFile));
        await server.WaitForLogAsync("reloaded", occurrences: 2);
        model = await server.GetJsonAsync("model");
        Assert.Equal("float32", model.GetProperty("weights").GetString());
        var network = ModelFile.Load(path).Network;
        Assert.Equal(4L * (4 * 8 + 8 * 3), model.GetProperty("weightBytes").GetInt64());
        await AssertServesAsync(server, rows, network.Predict, network.OutputSize);
    }

    private delegate void Predictor(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);

    private static async Task AssertServesAsync(ServeServer server, float[] rows, Predictor predict, int outputs)
    {
        int batch = rows.Length / 4;
        var want = new float[batch * outputs];
        predict(rows, batch, want);
        using var response = await server.PostBinaryAsync(rows);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MemoryMarshal.AsBytes(want.AsSpan()).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }
}
