using System.Buffers.Binary;
using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>Reads the model file's format version for display (Network.Load has already validated the whole file).</summary>
internal static class ModelHeader
{
    public static string Describe(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var file = File.OpenRead(path);
        if (file.Read(head) < head.Length || !head[..8].SequenceEqual(ModelFile.Magic)) return "format unknown";
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        return $"format SIMDNNMF version {version} (this build reads up to {ModelFile.FormatVersion})";
    }
}
