using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>Loads a model file, turning every way it can fail into one line naming the file.</summary>
internal static class ModelFiles
{
    public static Network Load(string path)
    {
        if (Directory.Exists(path)) throw CliException.DataError($"{path} is a folder, not a model file");
        if (!File.Exists(path)) throw CliException.DataError($"model file not found: {path}");
        try
        {
            return Network.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError($"{path} is not a valid model file: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw CliException.DataError($"{path} is not a valid model file: it is truncated", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.DataError($"cannot read {path}: {e.Message}", e);
        }
    }
}
