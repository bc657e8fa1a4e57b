using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace SimdNn.Cli.Serve;

/// <summary>
/// Takes a whole request body from Kestrel's pipe without copying it: the bytes stay in Kestrel's
/// pooled buffers until the caller advances the reader past them. A small request usually arrives
/// with its headers, so <see cref="TryTakeWhole"/> finds it complete and the request never awaits;
/// a larger or slower one is read by <see cref="TakeWholeAsync"/>. Either refuses a body over the limit
/// as soon as it is seen (413), without reading the rest.
/// </summary>
internal static class RequestBody
{
    /// <summary>
    /// True with the whole body when Kestrel already holds all of it; the caller must then call
    /// <c>reader.AdvanceTo(body.End)</c>. False when more is to come (nothing is consumed).
    /// </summary>
    /// <exception cref="RequestRefused">413: the body is already longer than <paramref name="limit"/>.</exception>
    public static bool TryTakeWhole(PipeReader reader, long limit, string rule, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (!reader.TryRead(out var result)) return false;
        RequireWithin(reader, result.Buffer, limit, rule);
        if (result.IsCompleted)
        {
            body = result.Buffer;
            return true;
        }

        // Examined everything, consumed nothing: the next read waits for more bytes instead of returning these again.
        reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return false;
    }

    /// <summary>Waits for the whole body; the caller must then call <c>reader.AdvanceTo(body.End)</c>.</summary>
    /// <exception cref="RequestRefused">413: the body grows longer than <paramref name="limit"/>.</exception>
    // Pooled, so a body that comes in pieces costs the request no state-machine allocation here.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ReadOnlySequence<byte>> TakeWholeAsync(PipeReader reader, long limit, string rule, CancellationToken cancellation)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellation).ConfigureAwait(false);
            RequireWithin(reader, result.Buffer, limit, rule);
            if (result.IsCompleted) return result.Buffer;
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Refuses a body whose declared length (Content-Length) is over the limit, before reading any of it.</summary>
    public static void RequireDeclaredWithin(long? declared, long limit, string rule)
    {
        if (declared > limit) throw TooLarge(declared.Value.ToString(CultureInfo.InvariantCulture), rule);
    }

    private static void RequireWithin(PipeReader reader, ReadOnlySequence<byte> buffer, long limit, string rule)
    {
        if (buffer.Length <= limit) return;
        reader.AdvanceTo(buffer.End);
        throw TooLarge($"more than {limit.ToString(CultureInfo.InvariantCulture)}", rule);
    }

    private static RequestRefused TooLarge(string size, string rule) =>
        RequestRefused.TooLarge($"the body has {size} bytes; the limit is {rule}");
}
