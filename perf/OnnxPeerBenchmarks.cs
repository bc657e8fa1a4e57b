using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// Inference of small MLPs, ours against ONNX Runtime on one thread (intra_op_num_threads = 1,
/// sequential execution, all graph optimizations). ORT runs the model our OnnxExport writes, so
/// both compute the same function. Two ORT call styles: the plain Run with NamedOnnxValue (what
/// most code does; allocates the inputs' wrappers and the outputs per call) and IoBinding over
/// OrtValues pinned on pre-allocated arrays (the best ORT offers: no per-call allocation). The
/// IoBinding run is the baseline. Median and Min are shown because the machine is shared: other
/// work inflates the mean of whichever benchmark it overlaps. scripts/peer-bench.sh runs this class and writes perf/results/peers.md.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class OnnxPeerBenchmarks
{
    private Network network = null!;
    private float[] inputs = null!;
    private float[] outputs = null!;
    private SessionOptions options = null!;
    private InferenceSession session = null!;
    private RunOptions runOptions = null!;
    private NamedOnnxValue[] namedInputs = null!;
    private OrtValue inputValue = null!;
    private OrtValue outputValue = null!;
    private OrtIoBinding binding = null!;

    /// <summary>Layer widths; hidden layers use ReLU, the last Softmax.</summary>
    [Params("784-256-128-10", "64-32-10")]
    public string Model { get; set; } = "";

    [Params(1, 16, 64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sizes = Model.Split('-').Select(int.Parse).ToArray();
        var layers = new DenseLayer[sizes.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new DenseLayer(sizes[l], sizes[l + 1], l == layers.Length - 1 ? Activation.Softmax : Activation.Relu);
        }

        network = new Network(layers);
        network.Initialize(42);
        var random = new Random(7);
        inputs = new float[Batch * network.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();
        outputs = new float[Batch * network.OutputSize];

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

        long[] inputShape = [Batch, network.InputSize];
        long[] outputShape = [Batch, network.OutputSize];
        namedInputs = [NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(inputs, [Batch, network.InputSize]))];
        inputValue = OrtValue.CreateTensorValueFromMemory(inputs, inputShape);
        outputValue = OrtValue.CreateTensorValueFromMemory(outputs, outputShape);
        binding = session.CreateIoBinding();
        binding.BindInput("input", inputValue);
        binding.BindOutput("output", outputValue);

        // Both sides must compute the same thing before timing means anything.
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

    [GlobalCleanup]
    public void Cleanup()
    {
        binding.Dispose();
        inputValue.Dispose();
        outputValue.Dispose();
        runOptions.Dispose();
        session.Dispose();
        options.Dispose();
    }

    [Benchmark]
    public void Ours() => network.Predict(inputs, Batch, outputs);

    [Benchmark]
    public float OrtRun()
    {
        using var results = session.Run(namedInputs);
        return results[0].AsTensor<float>().GetValue(0);
    }

    [Benchmark(Baseline = true)]
    public void OrtIoBinding() => session.RunWithBinding(runOptions, binding);
}
