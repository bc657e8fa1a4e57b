using System.Globalization;

namespace SimdNn.Cli.Serve;

/// <summary>
/// The largest /predict request read, from --max-batch and the model's input width (which a hot
/// reload keeps, so the limits hold for the server's lifetime). A binary body is exactly
/// 4·inputs bytes a row, so its limit is max-batch rows. A JSON body has no exact size: the limit
/// allows <see cref="JsonBytesPerNumber"/> bytes for every number and one more number's worth per
/// row for its brackets, plus <see cref="JsonOverheadBytes"/> for the object around the rows.
/// </summary>
internal sealed class RequestLimits
{
    /// <summary>
    /// The longest float32 in shortest round-trip form is 15 characters (-1.17549435E-38); with its
    /// comma and the spaces or line breaks of pretty-printed JSON, 32 bytes is a generous worst case.
    /// </summary>
    public const int JsonBytesPerNumber = 32;

    /// <summary>For <c>{"inputs": ...}</c>, other properties a client adds, and indentation.</summary>
    public const int JsonOverheadBytes = 4096;

    /// <summary>The largest body any model and --max-batch may imply: Kestrel holds a whole body in memory before we parse it.</summary>
    public const long MaxBodyBytes = 1L << 30;

    /// <param name="maxBatch">The most rows one request may hold (--max-batch).</param>
    /// <param name="inputs">Floats per row (the model's input width).</param>
    public RequestLimits(int maxBatch, int inputs)
    {
        MaxBatch = maxBatch;
        Inputs = inputs;
        BinaryBytes = (long)maxBatch * inputs * sizeof(float);
        JsonBytes = JsonOverheadBytes + maxBatch * (inputs + 1L) * JsonBytesPerNumber;
        // Made once: every request passes them along, and only a 413 reads them.
        BinaryRule = string.Create(CultureInfo.InvariantCulture, $"{BinaryBytes} bytes: --max-batch {maxBatch} rows of {inputs} float32 values");
        JsonRule = string.Create(CultureInfo.InvariantCulture,
            $"{JsonBytes} bytes: --max-batch {maxBatch} rows × ({inputs} inputs + 1) × {JsonBytesPerNumber} bytes a number + {JsonOverheadBytes}");
    }

    /// <summary>The most rows one request may hold.</summary>
    public int MaxBatch { get; }

    /// <summary>Floats per row.</summary>
    public int Inputs { get; }

    /// <summary>max-batch · 4·inputs bytes.</summary>
    public long BinaryBytes { get; }

    /// <summary>4096 + max-batch · (inputs + 1) · 32 bytes.</summary>
    public long JsonBytes { get; }

    /// <summary>How the binary limit is derived, for a 413's message.</summary>
    public string BinaryRule { get; }

    /// <summary>How the JSON limit is derived, for a 413's message.</summary>
    public string JsonRule { get; }

    /// <summary>Null when both limits stay under <see cref="MaxBodyBytes"/>, else why not (for a usage error at start).</summary>
    public string? Problem() => JsonBytes <= MaxBodyBytes ? null : string.Create(CultureInfo.InvariantCulture,
        $"--max-batch {MaxBatch} with {Inputs} inputs allows JSON bodies of {JsonBytes} bytes, more than the {MaxBodyBytes} bytes simd-nn serve holds; lower --max-batch");
}
