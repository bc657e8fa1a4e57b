using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SimdNn.Cli.Serve;

/// <summary>
/// An ONNX model run by ONNX Runtime, on the caller's thread (one intra-op thread, sequential, as
/// serve runs ours), reading the request's rows and writing the reply's buffer in place.
/// </summary>
internal sealed class OnnxRuntimeModel : ServedModel, IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public OnnxRuntimeModel(string path)
    {
        var clock = Stopwatch.StartNew();
        options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(path, options);
        inputNames = [session.InputMetadata.Keys.Single()];
        outputNames = [session.OutputMetadata.Keys.Single()];
        Inputs = session.InputMetadata[inputNames[0]].Dimensions[^1];
        Outputs = session.OutputMetadata[outputNames[0]].Dimensions[^1];
        Info = new ModelInfo(Path.GetFullPath(path), "ONNX, run by ONNX Runtime", "unknown", Inputs, Outputs, 0, [], null,
            DateTimeOffset.UtcNow, clock.Elapsed.TotalMilliseconds);
    }

    public override int Inputs { get; }

    public override int Outputs { get; }

    public override IReadOnlyList<string>? Labels => null;

    public override ModelInfo Info { get; }

    public override unsafe void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        fixed (float* input = inputs)
        fixed (float* output = outputs)
        {
            using var inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                [batch, Inputs], (IntPtr)input, (long)inputs.Length * sizeof(float));
            using var outputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                [batch, Outputs], (IntPtr)output, (long)outputs.Length * sizeof(float));
            session.Run(runOptions, inputNames, [inputValue], outputNames, [outputValue]);
        }
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
        options.Dispose();
    }
}
