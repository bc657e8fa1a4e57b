using System.Buffers.Binary;
using System.Text;
using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>Reads a model file's format version for display (the loader has already validated the whole file).</summary>
internal static class ModelHeader
{
    /// <summary>"format SIMDNNMF version 4 (this build reads up to 4)" for a simd-nn model file.</summary>
    public static string Describe(string path) => Describe(path, ModelFile.Magic, ModelFile.FormatVersion);

    /// <summary>"format SIMDNNQM version 1 (this build reads up to 1)" for a quantized model file.</summary>
    public static string DescribeQuantized(string path) => Describe(path, QuantizedModelFile.Magic, QuantizedModelFile.FormatVersion);

    /// <summary>Both formats start with 8 bytes of magic and a uint32 version.</summary>
    private static string Describe(string path, ReadOnlySpan<byte> magic, uint readable)
    {
        Span<byte> head = stackalloc byte[12];
        using var file = File.OpenRead(path);
        if (file.Read(head) < head.Length || !head[..8].SequenceEqual(magic)) return "format unknown";
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        return $"format {Encoding.ASCII.GetString(magic)} version {version} (this build reads up to {readable})";
    }
}
