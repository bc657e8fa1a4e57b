namespace Nn.Dense;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as in zip and PNG), table-driven.
/// Hand-written because the library takes no package dependencies; check value of "123456789" is 0xCBF43926.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The register value before any byte: pass it to the first <see cref="Update"/>.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    /// <summary>Feeds bytes into a running register (start from <see cref="Initial"/>).</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> bytes)
    {
        var table = Table;
        foreach (byte value in bytes) register = table[(register ^ value) & 0xFF] ^ (register >> 8);
        return register;
    }

    /// <summary>The checksum of a finished register.</summary>
    public static uint Finish(uint register) => ~register;

    /// <summary>The CRC-32 of a whole buffer.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes) => Finish(Update(Initial, bytes));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
