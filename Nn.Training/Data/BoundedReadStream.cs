using System.Globalization;

namespace Nn.Training;

/// <summary>
/// A forward-only read view of a loader's input that stops with an <see cref="InvalidDataException"/>
/// once more than a limit of bytes has come out (so a gzip bomb or an endless stream fails at the
/// limit instead of growing a buffer), and that turns the decompressor's own errors into messages
/// naming the file and the decompressed offset.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, string name, long limit) : ForwardReadStream
{
    /// <summary>True once a read has returned 0: the content is exhausted.</summary>
    public bool AtEnd { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"{name}: corrupt gzip data near decompressed byte offset {BytesRead}: {error.Message}"), error);
        }

        AtEnd = read == 0;
        BytesRead += read;
        if (BytesRead > limit)
        {
            throw DatasetLimits.Exceeded(name, "the data (after decompression) is too long", nameof(DatasetLimits.MaxDecompressedBytes), limit, "bytes");
        }

        return read;
    }
}
