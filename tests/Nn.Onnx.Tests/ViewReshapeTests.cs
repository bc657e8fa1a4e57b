using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// x.view(x.size(0), -1) exported by torch.onnx with a dynamic batch: the Reshape's shape is computed (Shape, Gather 0,
/// Unsqueeze, Concat with [-1]); the files are scripts/torch-normalization-onnx.py's reshape_view_dynamic exports. The
/// import must run at any batch size (rows taken from torch's batch of 7, checked against torch's outputs and ONNX
/// Runtime on the same file within the derived bound), and refuse every deviation from that exact form naming the node.
/// </summary>
public class ViewReshapeTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Reference", "torch");

    private static string ModelPath(string name) => Path.Combine(Root, name, "model.onnx");

    private static OnnxModelProto Model(string name = "reshape_view_dynamic_opset13") => OnnxModelProto.Parse(File.ReadAllBytes(ModelPath(name)));

    [Theory]
    [InlineData("reshape_view_dynamic_opset13", 1)]
    [InlineData("reshape_view_dynamic_opset13", 3)]
    [InlineData("reshape_view_dynamic_opset17", 12)]
    [InlineData("reshape_view_dynamic_nofold_opset13", 5)]
    public void Imports_and_matches_PyTorch_and_OnnxRuntime_at_another_batch_size(string name, int batch)
    {
        string folder = Path.Combine(Root, name);
        var input = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "input_0.pb"))).ToFloats(name);
        var output = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "output_0.pb"))).ToFloats(name);
        var steps = ReferenceNormalizedForward.ReadSteps(Path.Combine(folder, "parameters.json"));
        const int TorchBatch = 7, Features = 6, Outputs = 4;

        // Eval-mode rows are independent, so row r of any batch built from torch's rows r mod 7 must give torch's output r mod 7.
        var inputs = new float[batch * Features];
        var expected = new double[batch * Outputs];
        for (int row = 0; row < batch; row++)
        {
            input.AsSpan(row % TorchBatch * Features, Features).CopyTo(inputs.AsSpan(row * Features));
            for (int i = 0; i < Outputs; i++) expected[row * Outputs + i] = output[row % TorchBatch * Outputs + i];
        }

        var network = OnnxImport.Load(ModelPath(name), out var report);
        Assert.Empty(report.Warnings);
        Assert.Equal(Features, network.InputSize);
        var ours = new float[batch * Outputs];
        network.Predict(inputs, batch, ours);
        NormalizedAgreement.Assert(steps, inputs, batch, ours, at => expected[at], $"{name} at batch {batch}, PyTorch");
        var peer = OrtRunner.Run(File.ReadAllBytes(ModelPath(name)), inputs, batch, 2, 3);
        NormalizedAgreement.Assert(steps, inputs, batch, ours, at => peer[at], $"{name} at batch {batch}, ONNX Runtime on the file");
    }

    private static OnnxNodeProto Node(OnnxModelProto model, string name) => model.Graph!.Nodes.Single(n => n.Name == name);

    private static void SetInt64s(OnnxModelProto model, string constant, long[] values, params long[] dims)
    {
        var tensor = new OnnxTensorProto { Name = Node(model, constant).Outputs[0], DataType = OnnxDataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Node(model, constant).Attributes[0].Tensor = tensor;
    }

    private static void Refused(OnnxModelProto model, string node, string why)
    {
        var error = Assert.Throws<NotSupportedException>(() => OnnxImport.Load(new MemoryStream(model.ToArray())));
        Assert.Contains($"'{node}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("reshape to [batch, -1]", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_dimension_than_the_batch_is_refused_naming_the_Gather()
    {
        var model = Model();
        SetInt64s(model, "/0/Constant", [1]);   // x.view(x.size(1), -1): the Gather's scalar index
        Refused(model, "/0/Gather", "element 0");

        var axis = Model();
        Node(axis, "/0/Gather").Attributes.Single(a => a.Name == "axis").Int = 1;
        Refused(axis, "/0/Gather", "axis 0");
    }

    [Theory]
    [InlineData(new long[] { 3 })]
    [InlineData(new long[] { -1, -1 })]
    public void A_Concat_with_something_other_than_minus_one_is_refused_naming_it(long[] rest)
    {
        var model = Model();
        SetInt64s(model, "/0/Constant_1", rest, rest.Length);
        Refused(model, "/0/Concat", "the constant [-1]");
    }

    [Fact]
    public void The_shape_of_another_value_or_a_shape_read_elsewhere_is_refused_naming_the_node()
    {
        var other = Model();
        Node(other, "/0/Shape").Inputs[0] = "1.weight";
        Refused(other, "/0/Reshape", "it must reshape '1.weight'");

        var shared = Model();
        var graph = shared.Graph!;
        graph.Nodes.Insert(graph.Nodes.IndexOf(Node(shared, "/0/Concat")) + 1,
            TorchStyleModel.Node("/Elsewhere", "Identity", ["/0/Unsqueeze_output_0"], "/Elsewhere/out"));
        Refused(shared, "/0/Unsqueeze", "feed only a Concat");

        var axes = Model();
        SetInt64s(axes, "Constant_3", [1], 1);   // the Unsqueeze's axes input
        Refused(axes, "/0/Unsqueeze", "axes must be [0]");
    }
}
