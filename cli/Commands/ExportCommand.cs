using System.CommandLine;
using Nn.Dense;
using Spectre.Console;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn export`: writes a model as ONNX (Gemm + activation nodes, opset 13) for ONNX Runtime and friends.</summary>
internal static class ExportCommand
{
    public static void AddIfAvailable(RootCommand root)
    {
        var model = new Option<string>("--model") { Description = ModelFiles.Accepted + "; an ONNX model is re-exported in simd-nn's form", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (atomically); must differ from --model", Required = true };
        var command = new Command("export", "Export a model to ONNX") { model, onnx };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            string path = parse.GetValue(onnx)!;
            OutputPaths.RequireFileName("--onnx", path);
            OutputPaths.RequireDistinct(("--model", modelPath), ("--onnx", path));
            OutputPaths.RequireExtension("--onnx", path, "an ONNX model (.onnx)", ".snn", ".png", ".svg", ".csv", ".gz");
            // OnnxExport writes float networks; ONNX Runtime's dynamic-quantization form of a quantized one is not written yet.
            var network = ModelFiles.Load(modelPath).RequireFloat(modelPath, "export writes float32 models only so far; export the float32 model it was made from");
            OutputPaths.Prepare("--onnx", path);
            // OnnxExport.Save(path) is itself atomic (temporary file, then rename).
            OnnxExport.Save(network, path);
            var file = new FileInfo(path);
            CommandLine.Out.MarkupLineInterpolated($"saved ONNX model: {file.FullName} ({file.Length:N0} bytes, opset {OnnxExport.OpsetVersion}, input 'input' of batch x {network.InputSize})");
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(command);
    }
}
