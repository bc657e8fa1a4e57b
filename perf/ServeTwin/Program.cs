using System.Globalization;
using SimdNn.Cli.Serve;

// simd-nn-serve-twin --model M.onnx [--host 127.0.0.1] [--port 8081] [--max-batch 1024]: the same
// endpoints as simd-nn serve (no hot reload), with ONNX Runtime behind /predict.
var options = new Dictionary<string, string> { ["--host"] = "127.0.0.1", ["--port"] = "8081", ["--max-batch"] = "1024" };
for (int i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
if (!options.TryGetValue("--model", out string? path))
{
    Console.Error.WriteLine("usage: simd-nn-serve-twin --model M.onnx [--host 127.0.0.1] [--port 8081] [--max-batch 1024]");
    return 2;
}

int maxBatch = int.Parse(options["--max-batch"], CultureInfo.InvariantCulture);
using var model = new OnnxRuntimeModel(path);
ServeLog.Event($"loaded {path} with ONNX Runtime ({model.Inputs} inputs, {model.Outputs} outputs) in {model.Info.LoadMilliseconds:F0} ms");
using var app = ServeHost.Build(options["--host"], int.Parse(options["--port"], CultureInfo.InvariantCulture), new RequestLimits(maxBatch, model.Inputs), () => model);
ServeHost.Run(app, $"ONNX Runtime twin, max batch {maxBatch}");
return 0;
