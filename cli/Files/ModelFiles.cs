using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>Loads a model file (the network and its class labels), turning every way it can fail into one line naming the file.</summary>
internal static class ModelFiles
{
    public static SavedModel Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw CliException.UsageError("--model: the path is empty; give a model file");
        if (Directory.Exists(path)) throw CliException.DataError($"{path} is a folder, not a model file");
        if (!File.Exists(path)) throw CliException.DataError($"model file not found: {path}");
        if (!FileKind.IsRegularFile(path))
        {
            throw CliException.DataError($"{path} is not a regular file (a pipe or device); --model takes a model file (.snn)");
        }

        try
        {
            return ModelFile.Load(path);
        }
        catch (InvalidDataException e) when (LooksLikeOnnx(path))
        {
            throw CliException.DataError(
                $"{path} is an ONNX file; --model takes a simd-nn model file (.snn, as written by train); loading ONNX models is not supported yet", e);
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

    /// <summary>
    /// An ONNX ModelProto starts with field 1 (ir_version, a small varint: tag byte 0x08) and,
    /// from every exporter, holds the text "onnx" (an opset domain or producer) near the start.
    /// </summary>
    private static bool LooksLikeOnnx(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var head = new byte[4096];
            int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read < 2 || head[0] != 0x08 || head[1] >= 0x80) return false;
            return Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase)
                || head.AsSpan(0, read).IndexOf("onnx"u8) >= 0 || head.AsSpan(0, read).IndexOf("pytorch"u8) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
