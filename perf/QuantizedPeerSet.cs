using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// What <see cref="QuantizedPairedRun"/> and <see cref="QuantizedBenchmarks"/> time: the 784-256-128-10 MLP of the
/// other peer suites (ReLU, ReLU, Softmax; <c>Initialize(42)</c>, inputs from <c>Random(7)</c>, as
/// <see cref="OnnxPeerPair"/> builds it) run five ways over one batch: ours in float32
/// (<see cref="Network.Predict(ReadOnlySpan{float}, int, Span{float})"/>), ours with int8 and with bfloat16 weights
/// (<see cref="QuantizedNetwork.Predict(ReadOnlySpan{float}, int, Span{float})"/>), and ONNX Runtime on
/// <c>OnnxExport.Save(Network)</c> (float32) and on <c>OnnxExport.Save(network.Quantize(Int8))</c> (its dynamic
/// quantization form over the same int8 weights), each ORT session through <see cref="QuantizedOrtSession"/>.
/// The constructor checks that the five compute the same function before anything is timed.
/// </summary>
public sealed class QuantizedPeerSet : IDisposable
{
    /// <summary>The layer widths.</summary>
    public const string Model = "784-256-128-10";

    /// <summary>ORT float32 against ours float32: the same float function, summed in another order.</summary>
    private const float Float32Tolerance = 1e-4f;

    /// <summary>
    /// Ours bfloat16 against ours float32, on Softmax probabilities: rounding each weight to 8 significant bits moves
    /// a logit by up to 2⁻⁹·Σ|w·a|. A sanity check with a margin, not a test (tests/ bound it exactly): on these
    /// weights and inputs the largest move of a probability is 0.0015 (batch 256).
    /// </summary>
    private const float BFloat16Tolerance = 0.01f;

    /// <summary>
    /// Ours int8 against ours float32, and against ORT int8 on one row: the same weight codes, but ours quantizes
    /// activations to 7-bit codes (127 steps over the row's range) and ORT to 8-bit (255 steps), so each carries
    /// its own rounding. A sanity check with a margin: on these weights and inputs the largest difference of a
    /// probability is 0.007 against float32 and 0.0055 against ORT int8.
    /// </summary>
    private const float Int8Tolerance = 0.05f;

    private readonly Network network;
    private readonly QuantizedNetwork int8;
    private readonly QuantizedNetwork bfloat16;
    private readonly QuantizedOrtSession ortFloat32;
    private readonly QuantizedOrtSession ortInt8;
    private readonly float[] inputs;
    private readonly float[][] outputs;
    private readonly int batch;

    /// <param name="batch">Samples per call.</param>
    public QuantizedPeerSet(int batch)
    {
        this.batch = batch;
        network = new Network(
            new DenseLayer(784, 256, Activation.Relu),
            new DenseLayer(256, 128, Activation.Relu),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(42);
        int8 = network.Quantize(WeightFormat.Int8);
        bfloat16 = network.Quantize(WeightFormat.BFloat16);
        var random = new Random(7);
        inputs = new float[batch * network.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();

        // One output array per method, so that the agreement check can hold all five side by side.
        outputs = new float[5][];
        for (int m = 0; m < outputs.Length; m++) outputs[m] = new float[batch * network.OutputSize];
        Float32WeightBytes = network.Quantize(WeightFormat.Float32).WeightBytes;
        var float32Model = OnnxModel(stream => OnnxExport.Save(network, stream));
        var int8Model = OnnxModel(stream => OnnxExport.Save(int8, stream));
        Float32OnnxBytes = float32Model.Length;
        Int8OnnxBytes = int8Model.Length;
        ortFloat32 = new QuantizedOrtSession(float32Model, inputs, outputs[3], batch);
        ortInt8 = new QuantizedOrtSession(int8Model, inputs, outputs[4], batch);
        CheckAgreement();
    }

    /// <summary>The bytes of the float32 weights (biases not counted).</summary>
    public long Float32WeightBytes { get; }

    /// <summary>The bytes of the int8 weights: codes and one float scale per output.</summary>
    public long Int8WeightBytes => int8.WeightBytes;

    /// <summary>The bytes of the bfloat16 weights.</summary>
    public long BFloat16WeightBytes => bfloat16.WeightBytes;

    /// <summary>The size of the float32 ONNX model ORT loads.</summary>
    public int Float32OnnxBytes { get; }

    /// <summary>The size of the int8 ONNX model ORT loads.</summary>
    public int Int8OnnxBytes { get; }

    /// <summary>The largest difference of an output between ORT float32 and ours float32.</summary>
    public float Float32Difference { get; private set; }

    /// <summary>The largest difference of an output between ours bfloat16 and ours float32.</summary>
    public float BFloat16Difference { get; private set; }

    /// <summary>The largest difference of an output between ours int8 and ours float32.</summary>
    public float Int8Difference { get; private set; }

    /// <summary>The largest difference of an output between ours int8 and ORT int8, ORT run one row at a time.</summary>
    public float Int8PeerDifference { get; private set; }

    /// <summary>Ours, float32 weights.</summary>
    public void OursFloat32() => network.Predict(inputs, batch, outputs[0]);

    /// <summary>Ours, int8 weights.</summary>
    public void OursInt8() => int8.Predict(inputs, batch, outputs[1]);

    /// <summary>Ours, bfloat16 weights.</summary>
    public void OursBFloat16() => bfloat16.Predict(inputs, batch, outputs[2]);

    /// <summary>ONNX Runtime on the float32 export.</summary>
    public void OrtFloat32() => ortFloat32.Run();

    /// <summary>ONNX Runtime on the int8 export (the same int8 weights as ours).</summary>
    public void OrtInt8() => ortInt8.Run();

    /// <inheritdoc/>
    public void Dispose()
    {
        ortFloat32.Dispose();
        ortInt8.Dispose();
    }

    private static byte[] OnnxModel(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// A benchmark of a wrong peer is worthless. The int8 pair is compared one row at a time, each row run alone
    /// through ORT: its dynamic quantization takes one scale for the whole input tensor, ours one per row, so
    /// only on a single row do both quantize the same way (up to the code widths).
    /// </summary>
    private void CheckAgreement()
    {
        OursFloat32();
        OursInt8();
        OursBFloat16();
        OrtFloat32();
        Float32Difference = Require("ORT float32", outputs[3], "ours float32", outputs[0], Float32Tolerance);
        BFloat16Difference = Require("ours bfloat16", outputs[2], "ours float32", outputs[0], BFloat16Tolerance);
        Int8Difference = Require("ours int8", outputs[1], "ours float32", outputs[0], Int8Tolerance);
        int width = network.OutputSize;
        for (int row = 0; row < batch; row++)
        {
            var ortRow = ortInt8.RunOneRow(inputs.AsSpan(row * network.InputSize, network.InputSize));
            float difference = Require($"ORT int8 (row {row} alone)", ortRow, "ours int8", outputs[1].AsSpan(row * width, width), Int8Tolerance);
            Int8PeerDifference = Math.Max(Int8PeerDifference, difference);
        }
    }

    /// <summary>The largest |got − want| over the outputs; throws when one exceeds the tolerance (or is NaN).</summary>
    private static float Require(string name, ReadOnlySpan<float> got, string otherName, ReadOnlySpan<float> want, float tolerance)
    {
        float largest = 0;
        for (int i = 0; i < want.Length; i++)
        {
            float difference = Math.Abs(got[i] - want[i]);
            if (!(difference <= tolerance))
            {
                throw new InvalidOperationException($"{name} and {otherName} disagree at output {i}: {got[i]} vs {want[i]} (tolerance {tolerance}).");
            }

            largest = Math.Max(largest, difference);
        }

        return largest;
    }
}
