using System.IO.Compression;

namespace Nn.Training.Tests;

/// <summary>Writes small test files into a fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nn-training-tests-").FullName;

    public string Write(string name, byte[] content)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteText(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return memory.ToArray();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
