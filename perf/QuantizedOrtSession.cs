using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SimdNn.Perf;

/// <summary>
/// One ONNX Runtime session of a model in the form <see cref="OnnxPeerPair"/> times it, for
/// <see cref="QuantizedPeerSet"/>: one intra-op thread, sequential, all graph optimizations (which fuse the int8
/// export's DynamicQuantizeLinear + MatMulInteger + Cast + Mul into ORT's own int8 kernel), and IoBinding over
/// OrtValues on the caller's pre-allocated input and output arrays, so a call allocates nothing and copies nothing.
/// </summary>
public sealed class QuantizedOrtSession : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions;
    private readonly OrtValue inputValue;
    private readonly OrtValue outputValue;
    private readonly OrtIoBinding binding;

    /// <param name="model">The ONNX model's bytes: one input [batch, inputs], one output [batch, outputs].</param>
    /// <param name="inputs">batch × inputs values, read in place by every <see cref="Run"/>.</param>
    /// <param name="outputs">batch × outputs values, written in place by every <see cref="Run"/>.</param>
    /// <param name="batch">Rows per call.</param>
    public QuantizedOrtSession(byte[] model, float[] inputs, float[] outputs, int batch)
    {
        options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(model, options);
        runOptions = new RunOptions();
        inputValue = OrtValue.CreateTensorValueFromMemory(inputs, [batch, inputs.Length / batch]);
        outputValue = OrtValue.CreateTensorValueFromMemory(outputs, [batch, outputs.Length / batch]);
        binding = session.CreateIoBinding();
        binding.BindInput(session.InputNames[0], inputValue);
        binding.BindOutput(session.OutputNames[0], outputValue);
    }

    /// <summary>One call over the bound arrays.</summary>
    public void Run() => session.RunWithBinding(runOptions, binding);

    /// <summary>
    /// The outputs of one sample run alone (the plain Run, allocating): what the int8 export computes for a row
    /// when its dynamic quantization's one scale per tensor is that row's own, as ours quantizes every row.
    /// </summary>
    public float[] RunOneRow(ReadOnlySpan<float> row)
    {
        var input = NamedOnnxValue.CreateFromTensor(session.InputNames[0], new DenseTensor<float>(row.ToArray(), [1, row.Length]));
        using var results = session.Run([input]);
        return results[0].AsTensor<float>().ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        binding.Dispose();
        inputValue.Dispose();
        outputValue.Dispose();
        runOptions.Dispose();
        session.Dispose();
        options.Dispose();
    }
}
