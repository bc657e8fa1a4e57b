using FsCheck;
using FsCheck.Xunit;
using Microsoft.ML.OnnxRuntime;
using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

public class ExportTests
{
    public static TheoryData<Activation> Activations() =>
        new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void Exported_network_agrees_with_OnnxRuntime_for_every_activation(Activation activation)
    {
        var random = new Random(1000 + (int)activation);
        var hidden = activation is Activation.Softmax or Activation.LogSoftmax ? Activation.Tanh : activation;
        var specs = new[]
        {
            LayerSpec.Random(random, 37, 29, hidden, 0.2f),
            LayerSpec.Random(random, 29, 17, hidden, 0.2f),
            LayerSpec.Random(random, 17, 5, activation, 0.2f),
        };
        var network = LayerSpec.ToNetwork(specs);
        foreach (int batch in new[] { 1, 3, 16 })
        {
            var inputs = RandomData.Uniform(random, batch * 37, 2f);
            var ours = new float[batch * 5];
            network.Predict(inputs, batch, ours);
            var peer = OrtRunner.Run(Export(network), inputs, batch, 37);
            Agreement.Assert(specs, inputs, batch, ours, peer, $"{activation}, batch {batch}");
        }
    }

    /// <summary>Random depth (1 to 4), widths (1 to 69), activations and batch (1 to 8), drawn from one seed.</summary>
    [Property(MaxTest = 40)]
    public void Networks_from_Initialize_of_mixed_activations_agree_with_OnnxRuntime(NonNegativeInt seedValue)
    {
        int seed = seedValue.Get;
        var random = new Random(seed);
        var kinds = Enum.GetValues<Activation>().Where(a => a is not (Activation.Softmax or Activation.LogSoftmax)).ToArray();
        int depth = random.Next(1, 5);
        var sizes = Enumerable.Range(0, depth + 1).Select(_ => random.Next(1, 70)).ToArray();
        var layers = new DenseLayer[depth];
        for (int l = 0; l < depth; l++)
        {
            var kind = l == depth - 1 && random.Next(2) == 0 ? Activation.Softmax : kinds[random.Next(kinds.Length)];
            layers[l] = new DenseLayer(sizes[l], sizes[l + 1], kind) { NegativeSlope = 0.05f };
        }

        var network = new Network(layers);
        network.Initialize(seed);
        int batch = random.Next(1, 9);
        var inputs = RandomData.Uniform(random, batch * sizes[0]);
        var ours = new float[batch * sizes[^1]];
        network.Predict(inputs, batch, ours);
        var peer = OrtRunner.Run(Export(network), inputs, batch, sizes[0]);
        Agreement.Assert(LayerSpec.FromNetwork(network), inputs, batch, ours, peer,
            $"seed {seed}, batch {batch}, sizes [{string.Join(", ", sizes)}], activations [{string.Join(", ", layers.Select(l => l.Activation))}]");
    }

    [Fact]
    public void Model_declares_opset_13_IR_7_producer_and_a_dynamic_batch()
    {
        var network = new Network(new DenseLayer(4, 3, Activation.Relu), new DenseLayer(3, 2, Activation.Softmax));
        network.Initialize(1);
        var bytes = Export(network);
        var model = OnnxModelProto.Parse(bytes);
        Assert.Equal(7, model.IrVersion);
        Assert.Equal("simd-nn", model.ProducerName);
        Assert.Contains(("", 13L), model.OpsetImports);
        Assert.Equal(["Gemm", "Relu", "Gemm", "Softmax"], model.Graph!.Nodes.Select(n => n.OpType));
        Assert.All(model.Graph.Initializers, t => Assert.NotNull(t.RawData));

        using var session = new InferenceSession(bytes);
        var input = session.InputMetadata["input"];
        var output = session.OutputMetadata["output"];
        Assert.Equal([-1, 4], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal([-1, 2], output.Dimensions);
        Assert.Equal("batch", output.SymbolicDimensions[0]);
    }

    [Fact]
    public void Export_then_import_gives_bitwise_the_same_parameters()
    {
        var network = new Network(
            new DenseLayer(5, 7, Activation.LeakyRelu) { NegativeSlope = 0.125f },
            new DenseLayer(7, 6, Activation.Sigmoid),
            new DenseLayer(6, 4, Activation.Identity),
            new DenseLayer(4, 3, Activation.Softmax));
        network.Initialize(7);
        var back = OnnxImport.FromBytes(Export(network));
        var want = LayerSpec.FromNetwork(network);
        var got = LayerSpec.FromNetwork(back);
        Assert.Equal(want.Length, got.Length);
        for (int l = 0; l < want.Length; l++)
        {
            Assert.Equal((want[l].Inputs, want[l].Outputs, want[l].Activation, want[l].NegativeSlope), (got[l].Inputs, got[l].Outputs, got[l].Activation, got[l].NegativeSlope));
            Assert.Equal(want[l].Weights, got[l].Weights);
            Assert.Equal(want[l].Biases, got[l].Biases);
        }
    }

    [Fact]
    public void Save_to_path_is_atomic_and_leaves_no_temporary_file()
    {
        var network = new Network(new DenseLayer(3, 2, Activation.Tanh));
        network.Initialize(3);
        string folder = Directory.CreateTempSubdirectory("simd-nn-onnx").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "old contents");
            OnnxExport.Save(network, path);
            Assert.Equal(Export(network), File.ReadAllBytes(path));
            Assert.Equal(["model.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));
            var loaded = OnnxImport.Load(path);
            Assert.Equal(3, loaded.InputSize);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var network = new Network(new DenseLayer(3, 2, Activation.Tanh));
        Assert.Throws<ArgumentNullException>("network", () => OnnxExport.Save((Network)null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>("stream", () => OnnxExport.Save(network, (Stream)null!));
        Assert.Throws<ArgumentException>("stream", () => OnnxExport.Save(network, new MemoryStream([], writable: false)));
        Assert.Throws<ArgumentException>("path", () => OnnxExport.Save(network, ""));
        Assert.Throws<ArgumentNullException>("stream", () => OnnxImport.Load((Stream)null!));
        Assert.Throws<ArgumentException>("path", () => OnnxImport.Load(""));
    }

    internal static byte[] Export(Network network)
    {
        using var stream = new MemoryStream();
        OnnxExport.Save(network, stream);
        return stream.ToArray();
    }
}
