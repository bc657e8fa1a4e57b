namespace Nn.Dense;

/// <summary>
/// Replaces a file all at once: the new contents go to a temporary sibling, are flushed to disk,
/// and the sibling is renamed over the target. A reader (or a crash, or Ctrl+C) sees the old file
/// or the whole new one, never a half-written one. <see cref="Network.Save(string)"/>,
/// <see cref="OnnxExport.Save(Network, string)"/> and the simd-nn tool all write through it.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a stream on a new temporary file in the folder of
    /// <paramref name="path"/>, flushes it to disk, then renames it over <paramref name="path"/>
    /// (replacing any file there). On any failure the temporary file is deleted and the file at
    /// <paramref name="path"/> is left as it was. The folder must exist.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole contents; it must not close or keep the stream.</param>
    /// <exception cref="ArgumentNullException">path or write is null.</exception>
    /// <exception cref="ArgumentException">path is empty or names no file in a folder.</exception>
    /// <exception cref="IOException">The file cannot be written or replaced (e.g.
    /// <see cref="DirectoryNotFoundException"/>); the message names <paramref name="path"/>, not the temporary file.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target is not writable; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file in a folder.", nameof(path));

        // Same folder as the target, so the rename stays on one file system and is atomic; the
        // leading dot keeps the half-written file out of ordinary listings.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw Retold(error, temporary, fullPath);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The same failure with a message about the user's file: the temporary name means nothing to
    /// whoever reads the error, and the exception type is kept for callers that catch by type.
    /// </summary>
    private static Exception Retold(Exception error, string temporary, string fullPath)
    {
        string message = error.Message.Contains(temporary, StringComparison.Ordinal)
            ? error.Message.Replace(temporary, fullPath, StringComparison.Ordinal)
            : $"Cannot write '{fullPath}': {error.Message}";
        return error switch
        {
            DirectoryNotFoundException => new DirectoryNotFoundException(message, error),
            PathTooLongException => new PathTooLongException(message, error),
            UnauthorizedAccessException => new UnauthorizedAccessException(message, error),
            _ => new IOException(message, error),
        };
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more than a leftover temporary file.
        }
    }
}
