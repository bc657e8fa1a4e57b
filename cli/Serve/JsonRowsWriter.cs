using System.Buffers;
using System.Text.Json;

namespace SimdNn.Cli.Serve;

/// <summary>
/// Writes a /predict JSON reply, <c>{"outputs": [[y, ...], ...], "labels": [...]}</c>, straight into
/// the response pipe. Floats are written in shortest round-trip form, so parsing them gives back the
/// exact float32 values. JSON has no NaN or infinity: such an output (a diverged or overflowing
/// model) is written as null. "labels" (classification only) is the arg-max's label per row.
/// </summary>
internal static class JsonRowsWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>One writer per thread, pointed at each reply in turn: the writer is a class, and a reply is written without awaiting.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? cached;

    /// <summary>Writes <paramref name="outputs"/> (batch × width, row per sample) and, when <paramref name="labels"/> is given, the label of each row's largest output.</summary>
    public static void Write(IBufferWriter<byte> destination, ReadOnlySpan<float> outputs, int batch, int width, IReadOnlyList<string>? labels)
    {
        var writer = cached ??= new Utf8JsonWriter(destination, RequestRefused.Relaxed with { SkipValidation = true });
        writer.Reset(destination);
        writer.WriteStartObject();
        writer.WriteStartArray("outputs"u8);
        for (int row = 0; row < batch; row++)
        {
            writer.WriteStartArray();
            foreach (float value in outputs.Slice(row * width, width))
            {
                if (float.IsFinite(value)) writer.WriteNumberValue(value);
                else writer.WriteNullValue();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        if (labels is not null)
        {
            writer.WriteStartArray("labels"u8);
            for (int row = 0; row < batch; row++) writer.WriteStringValue(labels[ArgMax(outputs.Slice(row * width, width))]);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
        // Lets go of the response's pipe, which belongs to a pooled connection.
        writer.Reset(Stream.Null);
    }

    /// <summary>The first index of the largest value; NaN never wins (as in `predict --class`).</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best]) best = j;
        }

        return best;
    }
}
