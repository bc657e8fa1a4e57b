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
    /// An ONNX file is a protobuf ModelProto: field 1 (ir_version, varint, tag byte 0x08) first,
    /// then fields of ModelProto (producer, domain, graph, opset_import, ...) whose lengths fit in
    /// the file. The first few fields are walked; a model file (magic "SIMDNNMF") or text never passes.
    /// </summary>
    private static bool LooksLikeOnnx(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var head = new byte[4096];
            int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return OnnxPrefix(head.AsSpan(0, read), file.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool OnnxPrefix(ReadOnlySpan<byte> head, long fileLength)
    {
        int position = 0;
        if (!TryVarint(head, ref position, out ulong tag) || tag != 0x08 || !TryVarint(head, ref position, out _)) return false;
        int fields = 0;
        while (fields < 3 && position < head.Length)
        {
            if (!TryVarint(head, ref position, out tag)) return fields > 0;
            ulong field = tag >> 3;
            ulong wire = tag & 7;
            if (field == 5 && wire == 0)
            {
                if (!TryVarint(head, ref position, out _)) return false;
            }
            else if (field is 2 or 3 or 4 or 6 or 7 or 8 or 14 or 20 or 25 && wire == 2)
            {
                if (!TryVarint(head, ref position, out ulong length) || (ulong)position + length > (ulong)fileLength) return false;
                if ((ulong)position + length > (ulong)head.Length) return true;
                position += (int)length;
            }
            else
            {
                return false;
            }

            fields++;
        }

        return fields > 0;
    }

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }

        return false;
    }
}
