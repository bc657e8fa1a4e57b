using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Nn.Dense;

/// <summary>The byte-level reading and writing of <see cref="ModelFile"/>: exact reads, little-endian words and floats, each fed to the checksum.</summary>
public static partial class ModelFile
{
    /// <summary>A little-endian int32, added to the checksum.</summary>
    internal static int ReadInt32(Stream stream, string what, ref uint crc)
    {
        Span<byte> word = stackalloc byte[sizeof(int)];
        ReadExactly(stream, word, what);
        crc = Crc32.Update(crc, word);
        return BinaryPrimitives.ReadInt32LittleEndian(word);
    }

    /// <summary>
    /// A stream whose remaining length is known. A non-seekable stream is copied into memory,
    /// at most <paramref name="limit"/> + 1 bytes: memory grows with the bytes actually present,
    /// never with the sizes the header claims.
    /// </summary>
    internal static Stream BoundedSeekable(Stream stream, long limit)
    {
        if (stream.CanSeek) return stream;
        var copy = new MemoryStream();
        var chunk = new byte[CopyChunkBytes];
        long remaining = limit + 1;
        while (remaining > 0)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, remaining));
            if (read == 0) break;
            copy.Write(chunk, 0, read);
            remaining -= read;
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>
    /// Writes the floats little-endian and feeds the same bytes to the checksum. On a
    /// little-endian machine the bytes in memory are already the file's bytes; elsewhere each
    /// chunk is converted first.
    /// </summary>
    internal static uint WriteFloats(Stream stream, ReadOnlySpan<float> values, uint crc)
    {
        if (BitConverter.IsLittleEndian)
        {
            var bytes = MemoryMarshal.AsBytes(values);
            stream.Write(bytes);
            return Crc32.Update(crc, bytes);
        }

        var chunk = new byte[CopyChunkBytes];
        int perChunk = chunk.Length / sizeof(float);
        for (int start = 0; start < values.Length; start += perChunk)
        {
            var part = values.Slice(start, Math.Min(perChunk, values.Length - start));
            var bytes = chunk.AsSpan(0, part.Length * sizeof(float));
            for (int i = 0; i < part.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * sizeof(float))..], part[i]);
            crc = Crc32.Update(crc, bytes);
            stream.Write(bytes);
        }

        return crc;
    }

    /// <summary>Reads little-endian floats straight into <paramref name="values"/>, then fixes the byte order on a big-endian machine.</summary>
    internal static uint ReadFloats(Stream stream, Span<float> values, uint crc)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        ReadExactly(stream, bytes, "the parameters");
        crc = Crc32.Update(crc, bytes);
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<float, uint>(values);
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return crc;
    }

    internal static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                throw new InvalidDataException($"Truncated model file: it ends inside {what} ({total} of {buffer.Length} bytes present).");
            }

            total += read;
        }
    }
}
