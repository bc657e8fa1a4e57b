using System.Text.Json.Serialization;

namespace SimdNn.Cli.Serve;

/// <summary>Every reply that is not a 2xx: <c>{"error": "..."}</c>, one sentence naming the problem.</summary>
internal sealed record ErrorReply(string Error);

/// <summary>GET /healthz: <c>{"status": "ok"}</c> (the server listens only once the model is loaded).</summary>
internal sealed record HealthReply(string Status);

/// <summary>One layer of GET /model: sizes, activation (with its slope or alpha where it has one), parameter count.</summary>
internal sealed record LayerInfo(int Inputs, int Outputs, string Activation, float? ActivationParameter, long Parameters);

/// <summary>
/// GET /model: the facts `simd-nn info` prints, plus when the model was loaded, how long loading took,
/// and its generation (1 at start, +1 per successful hot reload, so a client can tell a swap happened).
/// </summary>
internal sealed record ModelInfo(
    string Path,
    string Format,
    string Task,
    int Inputs,
    int Outputs,
    long Parameters,
    IReadOnlyList<LayerInfo> Layers,
    IReadOnlyList<string>? Labels,
    DateTimeOffset LoadedAt,
    double LoadMilliseconds)
{
    /// <summary>1 for the model loaded at start, then +1 for each model swapped in.</summary>
    public int Generation { get; init; } = 1;

    /// <summary>How the weights are stored: "float32", "quantized int8" or "quantized bf16" (a hot reload may change it); omitted by the ONNX Runtime twin.</summary>
    public string? Weights { get; init; }

    /// <summary>The bytes the weights take (biases not counted): a quarter of float32's for int8, half for bf16.</summary>
    public long? WeightBytes { get; init; }
}

/// <summary>
/// GET /stats: the process's garbage-collection counts and allocated bytes since start, for load
/// tests (perf/serve-load.sh takes the difference across a run: gen-2 collections under load are
/// the pauses that show up in p99.9) and for the allocation test of the binary path.
/// </summary>
internal sealed record StatsReply(int Gen0Collections, int Gen1Collections, int Gen2Collections, long AllocatedBytes, double PauseMilliseconds);

/// <summary>
/// Source-generated serialization (no reflection), so the tool stays trimmable and Native-AOT
/// compatible. /predict's rows are read and written by hand (<see cref="JsonRowsReader"/>,
/// <see cref="JsonRowsWriter"/>) straight between the request pipe and pooled floats.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(HealthReply))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(StatsReply))]
internal sealed partial class ServeJsonContext : JsonSerializerContext;
