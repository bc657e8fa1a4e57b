namespace SimdNn.Cli.Files;

/// <summary>
/// The folder an output goes to. The files themselves are written with
/// <see cref="Nn.Dense.AtomicFile"/>, which expects the folder to exist.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder of <paramref name="path"/>, early, so a run fails before any work rather than after it.</summary>
    public static void EnsureWritable(string path)
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
