using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimdNn.Cli.Serve;

/// <summary>
/// Reads a /predict JSON body, <c>{"inputs": [[x, ...], ...]}</c>, straight into a float span, one
/// token at a time: no array per row, and every refusal names its row and value. Other properties
/// are skipped. Numbers are parsed as float32 (correctly rounded); one beyond float32's range is
/// refused rather than read as infinity, and JSON has no NaN.
/// </summary>
internal static class JsonRowsReader
{
    /// <summary>Deep enough for the object, the rows and a row; deeper nesting is refused early.</summary>
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 8 };

    /// <summary>
    /// How many floats a body of <paramref name="bodyBytes"/> can hold: every number takes at least
    /// a digit and a separator, so (bytes + 1) / 2; never more than the limits allow.
    /// </summary>
    public static int Capacity(long bodyBytes, RequestLimits limits) =>
        (int)Math.Min((bodyBytes + 1) / 2, (long)limits.MaxBatch * limits.Inputs);

    /// <summary>Reads the rows into <paramref name="into"/> (at least <see cref="Capacity"/> floats) and returns how many rows.</summary>
    /// <exception cref="RequestRefused">
    /// 400: malformed JSON, no "inputs" array of arrays, a row of the wrong width, a value that is not
    /// a number or not a finite float32, or no rows; 413: more rows than --max-batch.
    /// </exception>
    public static int Read(ReadOnlySequence<byte> body, RequestLimits limits, Span<float> into)
    {
        var reader = new Utf8JsonReader(body, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Shape("the body is not a JSON object");
            int rows = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("inputs"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                if (rows >= 0) throw Shape("\"inputs\" appears twice");
                rows = ReadRows(ref reader, limits, into);
            }

            // Reads past the closing brace: trailing text after the object is malformed JSON.
            while (reader.Read())
            {
            }

            if (rows < 0) throw Shape("the object has no \"inputs\"");
            if (rows == 0) throw RequestRefused.BadRequest("empty batch: \"inputs\" holds no rows");
            return rows;
        }
        catch (JsonException e)
        {
            throw RequestRefused.BadRequest($"malformed JSON: {e.Message}");
        }
    }

    private static int ReadRows(ref Utf8JsonReader reader, RequestLimits limits, Span<float> into)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw Shape("\"inputs\" is not an array of rows");
        int inputs = limits.Inputs;
        int rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw Shape(Invariant($"row {rows + 1} is not an array of numbers"));
            if (rows == limits.MaxBatch)
            {
                throw RequestRefused.TooLarge(Invariant($"more than {limits.MaxBatch} rows; --max-batch is {limits.MaxBatch}"));
            }

            // The index is the count of numbers read so far: the next one is in the body, so it is
            // below (bytes + 1) / 2, and rows < MaxBatch, column < inputs keep it below MaxBatch·inputs.
            int column = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number) throw RequestRefused.BadRequest(Invariant($"row {rows + 1} value {column + 1} is not a number"));
                if (column == inputs) throw WrongWidth(rows, $"more than {inputs}", inputs);
                // TryGetSingle reads a number beyond float32's range as infinity.
                if (!reader.TryGetSingle(out float value) || !float.IsFinite(value))
                {
                    throw RequestRefused.BadRequest(Invariant($"row {rows + 1} value {column + 1} ({Text(ref reader)}) is not a finite float32"));
                }

                into[rows * inputs + column++] = value;
            }

            if (column != inputs) throw WrongWidth(rows, column.ToString(CultureInfo.InvariantCulture), inputs);
            rows++;
        }

        return rows;
    }

    private static RequestRefused Shape(string problem) =>
        RequestRefused.BadRequest($"{problem}; the body must be {{\"inputs\": [[x, ...], ...]}}, one array of numbers per row");

    private static RequestRefused WrongWidth(int row, string count, int inputs) =>
        RequestRefused.BadRequest(Invariant($"row {row + 1} has {count} values; the model takes {inputs}"));

    private static string Text(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
