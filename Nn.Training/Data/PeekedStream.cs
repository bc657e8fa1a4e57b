namespace Nn.Training;

/// <summary>
/// A forward-only stream that first gives back bytes already read from <c>inner</c> (peeked at to
/// tell gzip from plain) and then the rest of it, keeping the count and the last four bytes read:
/// for a stream that cannot seek, the gzip trailer's ISIZE is known only once it has been read through.
/// </summary>
internal sealed class PeekedStream(Stream inner, byte[] peeked) : ForwardReadStream
{
    private readonly byte[] tail = new byte[4];
    private int peekedLeft = peeked.Length;

    /// <summary>The last four bytes given out, oldest first (zeros before four have been read).</summary>
    public ReadOnlySpan<byte> Tail => tail;

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (peekedLeft > 0)
        {
            read = Math.Min(peekedLeft, buffer.Length);
            peeked.AsSpan(peeked.Length - peekedLeft, read).CopyTo(buffer);
            peekedLeft -= read;
        }
        else
        {
            read = inner.Read(buffer);
        }

        Remember(buffer[..read]);
        BytesRead += read;
        return read;
    }

    private void Remember(ReadOnlySpan<byte> read)
    {
        if (read.Length >= tail.Length)
        {
            read[^tail.Length..].CopyTo(tail);
            return;
        }

        tail.AsSpan(read.Length).CopyTo(tail);
        read.CopyTo(tail.AsSpan(tail.Length - read.Length));
    }
}
