using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SimdNn.Cli.Serve;

/// <summary>
/// /predict with <c>Content-Type: application/octet-stream</c>: the body is rows of float32
/// little-endian values (4·inputs bytes a row), the reply the outputs in the same form (4·outputs
/// bytes a row). Inputs are read where Kestrel received them when they sit in one buffer, outputs
/// go to a pooled array and from there into the response pipe: nothing is allocated per request.
/// </summary>
internal static class BinaryRows
{
    public const string ContentType = "application/octet-stream";

    /// <summary>The number of rows in a body of <paramref name="bodyBytes"/> (already within the limit).</summary>
    /// <exception cref="RequestRefused">400: an empty body, or a length that is not whole rows.</exception>
    public static int Batch(ServedModel model, long bodyBytes)
    {
        long rowBytes = (long)model.Inputs * sizeof(float);
        if (bodyBytes == 0) throw RequestRefused.BadRequest("empty batch: the body holds no rows");
        if (bodyBytes % rowBytes != 0)
        {
            throw RequestRefused.BadRequest(string.Create(CultureInfo.InvariantCulture,
                $"the body has {bodyBytes} bytes, not whole rows: a row is {model.Inputs} float32 values, {rowBytes} bytes"));
        }

        return (int)(bodyBytes / rowBytes);
    }

    /// <summary>
    /// Runs the <paramref name="batch"/> rows of <paramref name="body"/> through the model and writes
    /// the outputs, batch·4·outputs bytes, to <paramref name="output"/> (written only once all is well).
    /// </summary>
    /// <exception cref="RequestRefused">400: a value is NaN or infinite.</exception>
    public static void Run(ServedModel model, ReadOnlySequence<byte> body, int batch, IBufferWriter<byte> output)
    {
        int inputs = model.Inputs;
        float[]? copied = null;
        float[] outputs = ArrayPool<float>.Shared.Rent(batch * model.Outputs);
        try
        {
            ReadOnlySpan<float> rows;
            if (body.IsSingleSegment && BitConverter.IsLittleEndian)
            {
                // Unaligned float loads are fine on x64 and ARM64, so the rows are read in place.
                rows = MemoryMarshal.Cast<byte, float>(body.FirstSpan);
            }
            else
            {
                copied = ArrayPool<float>.Shared.Rent(batch * inputs);
                var into = copied.AsSpan(0, batch * inputs);
                body.CopyTo(MemoryMarshal.AsBytes(into));
                if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(into), MemoryMarshal.Cast<float, int>(into));
                rows = into;
            }

            RequireFinite(rows, inputs);
            var values = outputs.AsSpan(0, batch * model.Outputs);
            model.Predict(rows, batch, values);
            if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), MemoryMarshal.Cast<float, int>(values));
            Write(output, MemoryMarshal.AsBytes(values));
        }
        finally
        {
            if (copied is not null) ArrayPool<float>.Shared.Return(copied);
            ArrayPool<float>.Shared.Return(outputs);
        }
    }

    /// <summary>
    /// Copies into the writer's own blocks a block at a time: asking for one span of the whole size
    /// would make Kestrel's pipe allocate an unpooled buffer for replies larger than its block.
    /// </summary>
    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var block = output.GetSpan();
            int count = Math.Min(block.Length, bytes.Length);
            bytes[..count].CopyTo(block);
            output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>
    /// A float is NaN or infinite exactly when its exponent bits are all ones; the vector pass finds
    /// whether any is, the scalar pass (only then) where, for the message.
    /// </summary>
    private static void RequireFinite(ReadOnlySpan<float> rows, int inputs)
    {
        var bits = MemoryMarshal.Cast<float, uint>(rows);
        const uint exponent = 0x7F80_0000;
        var mask = new Vector<uint>(exponent);
        bool found = false;
        int i = 0;
        for (; i <= bits.Length - Vector<uint>.Count && !found; i += Vector<uint>.Count)
        {
            found = Vector.EqualsAny(new Vector<uint>(bits[i..]) & mask, mask);
        }

        for (; i < bits.Length && !found; i++) found = (bits[i] & exponent) == exponent;
        if (!found) return;
        for (int at = 0; at < rows.Length; at++)
        {
            if (float.IsFinite(rows[at])) continue;
            throw RequestRefused.BadRequest(string.Create(CultureInfo.InvariantCulture,
                $"row {at / inputs + 1} value {at % inputs + 1} is {rows[at]}; inputs must be finite numbers"));
        }
    }
}
