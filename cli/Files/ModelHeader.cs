using System.Buffers.Binary;
using System.Text;

namespace SimdNn.Cli.Files;

/// <summary>Reads the model file's leading magic and format version for display (Network.Load has already validated the file).</summary>
internal static class ModelHeader
{
    public static string Describe(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var file = File.OpenRead(path);
        if (file.Read(head) < 8) return "format unknown";
        string magic = Encoding.ASCII.GetString(head[..4]).Replace('\0', ' ').Trim();
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        return $"format '{magic}' version {version}";
    }
}
