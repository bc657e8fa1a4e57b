using System.CommandLine;
using Nn.Dense;
using Spectre.Console;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn export`: writes a model as ONNX (Gemm + activation nodes, opset 13; a quantized model in ONNX Runtime's form) for ONNX Runtime and friends.</summary>
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
            var loaded = ModelFiles.Load(modelPath);
            OutputPaths.Prepare("--onnx", path);
            // OnnxExport.Save(path) is itself atomic (temporary file, then rename).
            string weights = "";
            if (loaded.Model is QuantizedModel quantized)
            {
                OnnxExport.Save(quantized.Network, path);
                weights = quantized.WeightFormat switch
                {
                    WeightFormat.Int8 => "weights: int8, in ONNX Runtime's dynamic-quantization form (DynamicQuantizeLinear, MatMulInteger)",
                    WeightFormat.BFloat16 => "weights: bf16, written as their exact float32 values (ONNX Runtime's CPU provider has no bfloat16 MatMul)",
                    _ => "",
                };
            }
            else
            {
                OnnxExport.Save(loaded.Model.Float!, path);
            }

            var file = new FileInfo(path);
            CommandLine.Out.MarkupLineInterpolated($"saved ONNX model: {file.FullName} ({file.Length:N0} bytes, opset {OnnxExport.OpsetVersion}, input 'input' of batch x {loaded.Model.InputSize})");
            if (weights.Length > 0) CommandLine.Out.WriteLine(weights);
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(command);
    }
}
