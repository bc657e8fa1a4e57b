using Nn.Dense;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// Corrupt and truncated models: the importer may only load a model or throw
/// <see cref="InvalidDataException"/> (corrupt) or <see cref="NotSupportedException"/> (a flip that
/// still parses but names another operator, type or attribute), and it allocates in proportion to the
/// bytes it was given, however large a length field claims to be.
/// </summary>
public class FuzzTests
{
    private static byte[][] Seeds()
    {
        var random = new Random(21);
        var network = new Network(new DenseLayer(6, 5, Activation.LeakyRelu) { NegativeSlope = 0.2f }, new DenseLayer(5, 3, Activation.Softmax));
        network.Initialize(21);
        var specs = new[] { LayerSpec.Random(random, 4, 3, Activation.Tanh), LayerSpec.Random(random, 3, 2, Activation.Sigmoid) };
        // A real torch.onnx export (IR 3, opset 6) when the conformance data is installed (ConformanceTests fails if not).
        string real = "/usr/share/libonnx-testdata/data/pytorch-converted/test_Linear/model.onnx";
        byte[][] extra = File.Exists(real) ? [File.ReadAllBytes(real)] : [];
        return
        [
            .. extra,
            ExportTests.Export(network),
            TorchStyleModel.Build(specs, new TorchStyle(LinearForm.MatMulAdd, FloatData: true, FlattenInput: true, IdentityNodes: true)),
            TorchStyleModel.Build(specs, new TorchStyle(ConstantWeights: true, InitializersAsInputs: true, Opset: 11)),
        ];
    }

    [Fact]
    public void Every_truncation_is_invalid_data()
    {
        foreach (var seed in Seeds())
        {
            for (int length = 0; length < seed.Length; length++)
            {
                var cut = seed.AsSpan(0, length).ToArray();
                var error = Record.Exception(() => OnnxImport.FromBytes(cut));
                Assert.True(error is InvalidDataException, $"truncated to {length} of {seed.Length} bytes: {error?.GetType().Name ?? "loaded"}: {error?.Message}");
            }
        }
    }

    [Fact]
    public void Random_byte_flips_load_or_give_only_the_documented_exceptions()
    {
        var seeds = Seeds();
        var random = new Random(4242);
        for (int trial = 0; trial < 6000; trial++)
        {
            var seed = seeds[trial % seeds.Length];
            var bytes = (byte[])seed.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            if (random.Next(4) == 0) bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            Check(bytes, $"trial {trial}, seed model {trial % seeds.Length}, {flips} flips");
        }
    }

    [Fact]
    public void Huge_declared_lengths_are_refused_before_allocating()
    {
        // ModelProto.graph (field 7, wire type 2) declaring 2^31 bytes, 2^62 bytes, and a 10-byte varint overflow.
        byte[][] cases =
        [
            [0x08, 0x07, 0x3A, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00],
            [0x08, 0x07, 0x3A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40],
            [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
            [0x0B, 0x0C],        // a group (wire type 3): never valid in ONNX
        ];
        foreach (var bytes in cases)
        {
            var error = Record.Exception(() => OnnxImport.FromBytes(bytes));
            Assert.IsType<InvalidDataException>(error);
        }
    }

    [Fact]
    public void Random_garbage_gives_only_the_documented_exceptions()
    {
        var random = new Random(77);
        for (int trial = 0; trial < 3000; trial++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            Check(bytes, $"garbage trial {trial}");
        }
    }

    private static void Check(byte[] bytes, string context)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => OnnxImport.FromBytes(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(error is null or InvalidDataException or NotSupportedException,
            $"{context}: {error?.GetType().Name}: {error?.Message}");

        // Everything the importer builds is a bounded number of copies of spans of the input (strings,
        // tensor bytes, float lists at most doubling, the transposed and the layer's own weights) plus
        // O(1) objects per parsed field (each at least 2 bytes of input, each < ~200 bytes): linear,
        // so 256 bytes per input byte plus a fixed 256 KB for exception messages and stacks.
        Assert.True(allocated <= 256L * bytes.Length + 256 * 1024, $"{context}: allocated {allocated} bytes for {bytes.Length} input bytes");
    }
}
