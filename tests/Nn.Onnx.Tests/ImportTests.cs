using Nn.Dense;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

public class ImportTests
{
    public static TheoryData<string, TorchStyle> Styles() => new()
    {
        { "Gemm transB=1, raw_data", new TorchStyle() },
        { "Gemm transB=0, [in x out] weights", new TorchStyle(LinearForm.GemmPlain) },
        { "MatMul + Add", new TorchStyle(LinearForm.MatMulAdd) },
        { "MatMul + Add, bias first", new TorchStyle(LinearForm.MatMulAddBiasFirst) },
        { "float_data", new TorchStyle(FloatData: true) },
        { "MatMul + Add, float_data", new TorchStyle(LinearForm.MatMulAdd, FloatData: true) },
        { "Flatten at the input", new TorchStyle(FlattenInput: true) },
        { "Identity nodes", new TorchStyle(IdentityNodes: true) },
        { "Constant nodes as weights", new TorchStyle(ConstantWeights: true) },
        { "opset 11, initializers as inputs, Softmax default axis", new TorchStyle(InitializersAsInputs: true, Opset: 11, SoftmaxAxisOmitted: true) },
        { "opset 13, Softmax default axis", new TorchStyle(LinearForm.MatMulAdd, SoftmaxAxisOmitted: true) },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public void Torch_shaped_model_loads_and_agrees_with_OnnxRuntime(string name, TorchStyle style)
    {
        var random = new Random(name.Length * 31 + style.GetHashCode() % 1000);
        var specs = new[]
        {
            LayerSpec.Random(random, 24, 20, Activation.LeakyRelu, 0.1f),
            LayerSpec.Random(random, 20, 16, Activation.Relu),
            LayerSpec.Random(random, 16, 12, Activation.Sigmoid),
            LayerSpec.Random(random, 12, 8, Activation.Tanh),
            LayerSpec.Random(random, 8, 6, Activation.Identity),
            LayerSpec.Random(random, 6, 4, Activation.Softmax),
        };
        var bytes = TorchStyleModel.Build(specs, style);
        var network = OnnxImport.FromBytes(bytes);

        Assert.Equal(specs.Select(s => (s.Inputs, s.Outputs, s.Activation)), network.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation)));
        Assert.Equal(0.1f, network.Layers[0].NegativeSlope);
        var loaded = LayerSpec.FromNetwork(network);
        for (int l = 0; l < specs.Length; l++)
        {
            Assert.Equal(specs[l].Weights, loaded[l].Weights);
            Assert.Equal(specs[l].Biases, loaded[l].Biases);
        }

        foreach (int batch in new[] { 1, 5 })
        {
            var inputs = RandomData.Uniform(random, batch * 24, 2f);
            var ours = new float[batch * 4];
            network.Predict(inputs, batch, ours);
            long[] shape = style.FlattenInput ? [batch, 1, 1, 24] : [batch, 24];
            var peer = OrtRunner.Run(bytes, inputs, shape);
            Agreement.Assert(specs, inputs, batch, ours, peer, $"{name}, batch {batch}");
        }
    }

    [Fact]
    public void LeakyRelu_without_alpha_uses_the_default_0_01()
    {
        var spec = LayerSpec.Random(new Random(5), 3, 2, Activation.LeakyRelu);
        var model = TorchStyleModel.BuildModel([spec], new TorchStyle());
        model.Graph!.Nodes.Single(n => n.OpType == "LeakyRelu").Attributes.Clear();
        var network = OnnxImport.FromBytes(model.ToArray());
        Assert.Equal(0.01f, network.Layers[0].NegativeSlope);
    }

    [Fact]
    public void Stream_and_file_loading_read_the_same_model()
    {
        var spec = LayerSpec.Random(new Random(6), 3, 2, Activation.Tanh);
        var bytes = TorchStyleModel.Build([spec], new TorchStyle());
        var fromStream = OnnxImport.Load(new MemoryStream(bytes));
        Assert.Equal(3, fromStream.InputSize);
        Assert.Equal(2, fromStream.OutputSize);
    }
}
