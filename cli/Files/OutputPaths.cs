namespace SimdNn.Cli.Files;

/// <summary>
/// Checks every output path before any work, so that a run fails in a second rather than after
/// the training: the path names a file (not a folder, not a device), its folder exists or can be
/// made and is writable, its extension matches what is written, and no two outputs (nor an output
/// and an input) are the same file. Messages name the path the user gave, never a temporary file.
/// The files themselves are written with <see cref="Nn.Dense.AtomicFile"/>.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Refuses an empty path, a folder, or an existing pipe or device as <paramref name="option"/>'s file; touches nothing.</summary>
    public static void RequireFileName(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw CliException.UsageError($"{option}: the path is empty; give a file name");
        if (Path.EndsInDirectorySeparator(path) || Directory.Exists(path))
        {
            throw CliException.UsageError($"{option} {path}: names a folder; give a file name in it");
        }

        string fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath) && !FileKind.IsRegularFile(fullPath))
        {
            throw CliException.UsageError($"{option} {path}: exists and is not a regular file (a device or pipe); give a file name");
        }
    }

    /// <summary>Creates the folder of <paramref name="path"/> and proves it writable; call after every check that touches nothing.</summary>
    public static void Prepare(string option, string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.DataError($"{option} {path}: cannot create the folder {folder}: {e.Message}", e);
        }

        Probe(option, path, folder);
    }

    /// <summary>Refuses an extension that says another format than the one written (case-insensitive); no extension is fine.</summary>
    public static void RequireExtension(string option, string path, string writes, params string[] refused)
    {
        string extension = Path.GetExtension(path);
        if (refused.Any(r => string.Equals(r, extension, StringComparison.OrdinalIgnoreCase)))
        {
            throw CliException.UsageError($"{option} {path}: {option} writes {writes}, not a {extension} file; change the file name");
        }
    }

    /// <summary>Two options naming one file would overwrite each other (or an input): a usage error.</summary>
    public static void RequireDistinct(params (string Option, string? Path)[] files)
    {
        for (int i = 0; i < files.Length; i++)
        {
            for (int j = i + 1; j < files.Length; j++)
            {
                if (files[i].Path is { } first && files[j].Path is { } second && SameFile(first, second))
                {
                    throw CliException.UsageError($"{files[i].Option} and {files[j].Option} name the same file {second}; give them different names");
                }
            }
        }
    }

    private static bool SameFile(string first, string second)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(Resolve(first), Resolve(second), comparison);
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>Creates and deletes a hidden file in the folder: the only sure test of writability (permissions, read-only mounts, /proc).</summary>
    private static void Probe(string option, string path, string folder)
    {
        string probe = Path.Combine(folder, $".simd-nn-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                // ENOENT for a file in a folder that exists: /proc and the like take no new files.
                FileNotFoundException or DirectoryNotFoundException => "it takes no new files",
                _ => e.Message.Replace(probe, folder, StringComparison.Ordinal),
            };
            throw CliException.DataError($"{option} {path}: cannot write in the folder {folder} ({reason})", e);
        }
    }
}
