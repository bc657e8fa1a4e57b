using System.Buffers.Binary;
using System.IO.Compression;

namespace Nn.Training;

/// <summary>
/// Opens a loader's input, which may be gzip-compressed (told by the magic bytes 1F 8B), as a
/// <see cref="BoundedReadStream"/> of its content that stops at <see cref="DatasetLimits.MaxDecompressedBytes"/>,
/// and checks the decompressed length against the gzip trailer (ISIZE, the length mod 2³²) so that
/// a truncated archive is rejected rather than read as a shorter file. Nothing is copied to memory:
/// a stream that cannot seek is read forward once, and its trailer is known only at its end.
/// </summary>
internal sealed class CompressedInput : IDisposable
{
    // A gzip member is at least 18 bytes: 10 of header, 8 of trailer (CRC-32, ISIZE).
    private const int GzipMinimumLength = 18;

    private readonly string name;
    private readonly long limit;
    private readonly GZipStream? decompressor;
    private readonly PeekedStream? forwardSource;

    private CompressedInput(string name, Stream content, bool gzip, long? plainLength, uint? trailerLength, PeekedStream? forwardSource, long limit)
    {
        this.name = name;
        this.limit = limit;
        this.forwardSource = forwardSource;
        if (gzip) content = decompressor = new GZipStream(content, CompressionMode.Decompress, leaveOpen: true);
        Content = new BoundedReadStream(content, name, limit);
        IsGzip = gzip;
        PlainLength = plainLength;
        TrailerLength = trailerLength;
    }

    /// <summary>The content: the decompressed bytes, or the input itself when it is not gzip.</summary>
    public BoundedReadStream Content { get; }

    public bool IsGzip { get; }

    /// <summary>The length of the content when it is known before reading (plain input that can seek), else null.</summary>
    public long? PlainLength { get; }

    /// <summary>The gzip trailer's ISIZE when it is known before reading (gzip input that can seek), else null.</summary>
    public uint? TrailerLength { get; }

    /// <summary>Wraps <paramref name="stream"/> from its current position.</summary>
    /// <exception cref="InvalidDataException">A gzip input too short to be one.</exception>
    public static CompressedInput Open(Stream stream, string name, DatasetLimits limits)
    {
        long limit = limits.MaxDecompressedBytes;
        if (!stream.CanSeek)
        {
            var magic = new byte[2];
            int read = ReadFully(stream, magic);
            var source = new PeekedStream(stream, magic[..read]);
            return new CompressedInput(name, source, IsGzipMagic(magic.AsSpan(0, read)), null, null, source, limit);
        }

        long start = stream.Position;
        long length = stream.Length - start;
        Span<byte> peek = stackalloc byte[2];
        int got = ReadFully(stream, peek);
        stream.Position = start;
        if (!IsGzipMagic(peek[..got])) return new CompressedInput(name, stream, false, length, null, null, limit);

        if (length < GzipMinimumLength) throw Truncated(name, length);
        Span<byte> trailer = stackalloc byte[4];
        stream.Position = start + length - 4;
        ReadFully(stream, trailer);
        stream.Position = start;
        return new CompressedInput(name, stream, true, null, BinaryPrimitives.ReadUInt32LittleEndian(trailer), null, limit);
    }

    /// <summary>Throws if the gzip trailer, when known before reading, disagrees with <paramref name="declared"/> content bytes.</summary>
    public void CheckDeclaredLength(long declared)
    {
        if (TrailerLength is uint expected && (uint)declared != expected) throw Mismatch(declared, expected);
    }

    /// <summary>
    /// After the content has been read to its end: throws unless its length agrees with the gzip
    /// trailer (for a stream that cannot seek, the rest of the compressed input is read for it).
    /// </summary>
    public void CheckEnd()
    {
        if (!IsGzip) return;
        uint expected;
        if (TrailerLength is uint known)
        {
            expected = known;
        }
        else
        {
            var source = forwardSource!;
            Span<byte> rest = stackalloc byte[4096];
            while (source.Read(rest) > 0)
            {
                // Bytes after the compressed data: bounded too, so that an endless stream cannot hold the loader here.
                if (source.BytesRead > limit)
                {
                    throw DatasetLimits.Exceeded(name, "the compressed input is too long", nameof(DatasetLimits.MaxDecompressedBytes), limit, "bytes");
                }
            }

            if (source.BytesRead < GzipMinimumLength) throw Truncated(name, source.BytesRead);
            expected = BinaryPrimitives.ReadUInt32LittleEndian(source.Tail);
        }

        if ((uint)Content.BytesRead != expected) throw Mismatch(Content.BytesRead, expected);
    }

    /// <summary>Reads until the buffer is full or the stream ends; returns the count read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0) break;
            total += read;
        }

        return total;
    }

    private static bool IsGzipMagic(ReadOnlySpan<byte> magic) => magic.Length == 2 && magic[0] == 0x1F && magic[1] == 0x8B;

    private static InvalidDataException Truncated(string name, long length) =>
        new($"{name}: a gzip file of {length} bytes is truncated (a gzip member needs at least {GzipMinimumLength}).");

    private InvalidDataException Mismatch(long decompressed, uint expected) => new(
        $"{name}: the gzip data holds {decompressed} decompressed bytes but its trailer says {expected}: the file is truncated or corrupt.");

    public void Dispose() => decompressor?.Dispose();
}
