using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// One MLP, ours and ONNX Runtime's session of the model our OnnxExport writes, over the same
/// input and output arrays: what <see cref="OnnxPeerBenchmarks"/> and <see cref="PairedPeerRun"/>
/// time. ORT runs on one thread (intra_op_num_threads = 1, sequential, all graph optimizations),
/// in two call styles: the plain Run with NamedOnnxValue (what most code does; allocates the
/// inputs' wrappers and the outputs per call) and IoBinding over OrtValues on the pre-allocated
/// arrays (the best ORT offers: no per-call allocation). The constructor checks that both compute
/// the same function before anything is timed.
/// </summary>
public sealed class OnnxPeerPair : IDisposable
{
    private readonly Network network;
    private readonly float[] inputs;
    private readonly float[] outputs;
    private readonly int batch;
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions;
    private readonly NamedOnnxValue[] namedInputs;
    private readonly OrtValue inputValue;
    private readonly OrtValue outputValue;
    private readonly OrtIoBinding binding;

    /// <param name="model">Layer widths such as "784-256-128-10"; hidden layers ReLU, the last Softmax.</param>
    /// <param name="batch">Samples per call.</param>
    public OnnxPeerPair(string model, int batch)
    {
        var sizes = model.Split('-').Select(int.Parse).ToArray();
        var layers = new DenseLayer[sizes.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new DenseLayer(sizes[l], sizes[l + 1], l == layers.Length - 1 ? Activation.Softmax : Activation.Relu);
        }

        this.batch = batch;
        network = new Network(layers);
        network.Initialize(42);
        var random = new Random(7);
        inputs = new float[batch * network.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();
        outputs = new float[batch * network.OutputSize];

        using var modelStream = new MemoryStream();
        OnnxExport.Save(network, modelStream);
        options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(modelStream.ToArray(), options);
        runOptions = new RunOptions();

        long[] inputShape = [batch, network.InputSize];
        long[] outputShape = [batch, network.OutputSize];
        namedInputs = [NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs, [batch, network.InputSize]))];
        inputValue = OrtValue.CreateTensorValueFromMemory(inputs, inputShape);
        outputValue = OrtValue.CreateTensorValueFromMemory(outputs, outputShape);
        binding = session.CreateIoBinding();
        binding.BindInput("input", inputValue);
        binding.BindOutput("output", outputValue);
        CheckAgreement();
    }

    /// <summary>Ours: <see cref="Network.Predict(ReadOnlySpan{float}, int, Span{float})"/> into the shared output array.</summary>
    public void Ours() => network.Predict(inputs, batch, outputs);

    /// <summary>ORT's plain Run: wraps the input, allocates the outputs.</summary>
    public float OrtRun()
    {
        using var results = session.Run(namedInputs);
        return results[0].AsTensor<float>().GetValue(0);
    }

    /// <summary>ORT with IoBinding: reads and writes the shared arrays in place.</summary>
    public void OrtIoBinding() => session.RunWithBinding(runOptions, binding);

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

    private void CheckAgreement()
    {
        Ours();
        var ours = (float[])outputs.Clone();
        OrtIoBinding();
        for (int i = 0; i < outputs.Length; i++)
        {
            if (Math.Abs(outputs[i] - ours[i]) > 1e-4f)
            {
                throw new InvalidOperationException($"Ours and ORT disagree at {i}: {ours[i]} vs {outputs[i]}.");
            }
        }
    }
}
