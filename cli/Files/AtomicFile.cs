namespace SimdNn.Cli.Files;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so a crash or Ctrl+C never leaves a
/// half-written output: readers see the old file or the whole new one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path in the target's folder, then renames it over the target.</summary>
    public static void Write(string path, Action<string> write, string temporaryExtension = ".tmp")
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        // The extension is kept last because some writers (ScottPlot) pick the format from it.
        string temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}{temporaryExtension}");
        try
        {
            write(temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes through a stream on a temporary sibling, then renames it over the target.</summary>
    public static void WriteStream(string path, Action<Stream> write) => Write(path, temporary =>
    {
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>Fails early, before any work, when the output folder cannot be created.</summary>
    public static void EnsureWritableFolder(string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.DataError($"cannot create the output folder {folder}: {e.Message}", e);
        }
    }
}
