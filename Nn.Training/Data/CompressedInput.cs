using System.Buffers.Binary;
using System.IO.Compression;

namespace Nn.Training;

/// <summary>
/// Opens a stream that may be gzip-compressed (told by the magic bytes 1F 8B), and checks the
/// decompressed length against the gzip trailer (ISIZE, the length mod 2³²) so that a truncated
/// archive is rejected rather than read as a shorter file.
/// </summary>
internal sealed class CompressedInput : IDisposable
{
    private readonly Stream source;

    private CompressedInput(Stream source, Stream content, uint? trailerLength)
    {
        this.source = source;
        Content = content;
        TrailerLength = trailerLength;
    }

    /// <summary>The decompressed bytes (or the stream itself when it is not gzip).</summary>
    public Stream Content { get; }

    /// <summary>The gzip trailer's ISIZE, or null when the input is not gzip.</summary>
    public uint? TrailerLength { get; }

    public bool IsGzip => TrailerLength.HasValue;

    /// <summary>Wraps <paramref name="stream"/>; a non-seekable stream is first copied to memory to peek at it.</summary>
    public static CompressedInput Open(Stream stream, string name)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        long start = stream.Position;
        long length = stream.Length - start;
        Span<byte> magic = stackalloc byte[2];
        int got = ReadFully(stream, magic);
        stream.Position = start;
        if (got < 2 || magic[0] != 0x1F || magic[1] != 0x8B) return new CompressedInput(stream, stream, null);

        // A gzip member is at least 18 bytes: 10 of header, 8 of trailer (CRC-32, ISIZE).
        if (length < 18) throw new InvalidDataException($"{name}: a gzip file of {length} bytes is truncated (a gzip member needs at least 18).");
        Span<byte> trailer = stackalloc byte[4];
        stream.Position = start + length - 4;
        ReadFully(stream, trailer);
        stream.Position = start;
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return new CompressedInput(stream, new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true), size);
    }

    /// <summary>Throws unless <paramref name="decompressed"/> bytes agree with the gzip trailer.</summary>
    public void CheckLength(long decompressed, string name)
    {
        if (TrailerLength is uint expected && (uint)decompressed != expected)
        {
            throw new InvalidDataException(
                $"{name}: the gzip data ends after {decompressed} decompressed bytes but its trailer says {expected}: the file is truncated or corrupt.");
        }
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

    /// <summary>Reads through a gzip stream, turning the decompressor's own errors into messages that name the file.</summary>
    public int Read(Span<byte> buffer, string name, long offset)
    {
        try
        {
            return ReadFully(Content, buffer);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{name}: corrupt gzip data near decompressed byte offset {offset}: {error.Message}", error);
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Content, source)) Content.Dispose();
    }
}
