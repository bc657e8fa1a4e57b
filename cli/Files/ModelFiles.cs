using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>
/// Loads the file given as --model: a simd-nn model file, a quantized model file or an ONNX model, told apart
/// by the first bytes (the SIMDNNMF or SIMDNNQM magic, or a protobuf ModelProto), never by the file name. Every way it can
/// fail becomes one line naming the file.
/// </summary>
internal static class ModelFiles
{
    /// <summary>What --model takes, for help texts.</summary>
    public const string Accepted = "Model file: a simd-nn model (.snn, as written by train), a quantized model (as written by quantize) or an ONNX model (.onnx), told apart by content";

    /// <summary>The bytes read to tell the formats apart: the magic, or an ONNX tag, varint and next tag.</summary>
    private const int HeadBytes = 32;

    public static LoadedModel Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw CliException.UsageError("--model: the path is empty; give a model file");
        if (Directory.Exists(path)) throw CliException.DataError($"{path} is a folder, not a model file");
        if (!File.Exists(path)) throw CliException.DataError($"model file not found: {path}");
        if (!FileKind.IsRegularFile(path))
        {
            throw CliException.DataError($"{path} is not a regular file (a pipe or device); --model takes a model file (.snn or .onnx)");
        }

        try
        {
            using var file = File.OpenRead(path);
            var head = new byte[HeadBytes];
            int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            file.Position = 0;
            if (head.AsSpan(0, read).StartsWith(ModelFile.Magic)) return LoadSimdNn(path, file);
            if (head.AsSpan(0, read).StartsWith(QuantizedModelFile.Magic)) return LoadQuantized(path, file);
            if (OnnxHeader.Matches(head.AsSpan(0, read))) return LoadOnnx(path, file);
            throw CliException.DataError($"{path} is not a valid model file: it is neither a simd-nn model (which starts with SIMDNNMF), a quantized model (SIMDNNQM) nor an ONNX model (a protobuf ModelProto)");
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

    private static LoadedModel LoadSimdNn(string path, Stream file)
    {
        try
        {
            var saved = ModelFile.Load(file);
            return new LoadedModel(new FloatModel(saved.Network), saved.ClassLabels, ModelHeader.Describe(path), FromOnnx: false) { Task = saved.Task };
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError($"{path} is not a valid model file: {e.Message}", e);
        }
    }

    private static LoadedModel LoadQuantized(string path, Stream file)
    {
        try
        {
            var network = QuantizedNetwork.Load(file);
            return new LoadedModel(new QuantizedModel(network), network.ClassLabels, ModelHeader.DescribeQuantized(path), FromOnnx: false) { Task = network.Task };
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError($"{path} is not a valid quantized model file: {e.Message}", e);
        }
    }

    private static LoadedModel LoadOnnx(string path, FileStream file)
    {
        if (file.Length > Array.MaxLength) throw CliException.DataError($"{path}: an ONNX model of {file.Length:N0} bytes is larger than simd-nn reads (2 GB)");
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        try
        {
            var network = OnnxImport.Load(new MemoryStream(bytes, writable: false));
            return new LoadedModel(new FloatModel(network), null, OnnxHeader.Describe(bytes), FromOnnx: true) { Task = LoadedModel.OnnxTask(network) };
        }
        catch (InvalidDataException e)
        {
            throw CliException.DataError($"{path} is not a valid ONNX model: {e.Message.TrimEnd('.')}", e);
        }
        catch (NotSupportedException e)
        {
            throw CliException.DataError($"{path}: this ONNX model is outside what simd-nn imports (a chain of dense layers): {e.Message.TrimEnd('.')}", e);
        }
        catch (ArgumentException e)
        {
            // The network's own limits (ModelFile.MaxParameters per layer), met by a huge but well-formed model.
            throw CliException.DataError($"{path}: this ONNX model cannot be loaded: {e.Message}", e);
        }
    }
}
