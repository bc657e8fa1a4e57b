using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

public class RefusalTests
{
    private static OnnxModelProto TwoLayerModel(TorchStyle? style = null)
    {
        var random = new Random(11);
        return TorchStyleModel.BuildModel(
            [LayerSpec.Random(random, 4, 3, Activation.Relu), LayerSpec.Random(random, 3, 2, Activation.Sigmoid)],
            style ?? new TorchStyle());
    }

    private static TException Refused<TException>(OnnxModelProto model, params string[] mentions)
        where TException : Exception
    {
        var error = Assert.Throws<TException>(() => OnnxImport.FromBytes(model.ToArray()));
        foreach (string mention in mentions) Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void An_unsupported_operator_is_refused_naming_the_node()
    {
        var model = TwoLayerModel();
        model.Graph!.Nodes.Single(n => n.OpType == "Relu").OpType = "Conv";
        Refused<NotSupportedException>(model, "/0/Relu", "Conv");
    }

    [Fact]
    public void A_float16_initializer_is_refused_naming_the_node_and_tensor()
    {
        // DOUBLE is converted to float32 (ReshapeAndDoubleTests); other element types stay refused.
        var model = TwoLayerModel();
        var weight = model.Graph!.Initializers.Single(t => t.Name == "1.weight");
        weight.DataType = OnnxDataType.Float16;
        weight.RawData = new byte[3 * 2 * 2];
        Refused<NotSupportedException>(model, "/1/Gemm", "1.weight", "Float16");
    }

    [Fact]
    public void A_branching_graph_is_refused_naming_the_node()
    {
        var model = TwoLayerModel();
        var graph = model.Graph!;
        // Gemm → h; Relu(h) → a; Sigmoid(h) → b; Add(a, b): h feeds two nodes.
        var gemm = graph.Nodes.Single(n => n.Name == "/0/Gemm");
        var relu = graph.Nodes.Single(n => n.Name == "/0/Relu");
        int at = graph.Nodes.IndexOf(relu) + 1;
        graph.Nodes.Insert(at, TorchStyleModel.Node("/branch/Sigmoid", "Sigmoid", [gemm.Outputs[0]], "b"));
        graph.Nodes.Insert(at + 1, TorchStyleModel.Node("/branch/Add", "Add", [relu.Outputs[0], "b"], "joined"));
        graph.Nodes.Single(n => n.Name == "/1/Gemm").Inputs[0] = "joined";
        Refused<NotSupportedException>(model, "/branch/Sigmoid", "branches");
    }

    [Fact]
    public void External_data_is_refused()
    {
        var model = TwoLayerModel();
        // data_location = EXTERNAL (field 14) on the first layer's weight.
        model.Graph!.Initializers.Single(t => t.Name == "0.weight").IsExternal = true;
        Refused<NotSupportedException>(model, "/0/Gemm", "0.weight", "external");

        // external_data entries (field 13) without data_location: still external.
        var tensor = OnnxTensorProto.Parse([.. OnnxTensorProto.FromFloats("w", [1f], 1, 1).Write().ToArray(), 13 << 3 | 2, 0]);
        Assert.True(tensor.IsExternal);
    }

    [Fact]
    public void Shapes_that_do_not_chain_are_refused_as_invalid()
    {
        var model = TwoLayerModel();
        var weight = model.Graph!.Initializers.Single(t => t.Name == "1.weight");
        weight.Dims[1] = 6;     // [2 × 6] where the previous layer gives 3
        weight.RawData = new byte[2 * 6 * 4];
        Refused<InvalidDataException>(model, "/1/Gemm", "do not chain");
    }

    [Fact]
    public void Tensor_data_that_does_not_match_its_dims_is_invalid()
    {
        var model = TwoLayerModel();
        model.Graph!.Initializers.Single(t => t.Name == "0.bias").RawData = new byte[5];
        Refused<InvalidDataException>(model, "/0/Gemm", "0.bias", "raw_data");
    }

    [Fact]
    public void Gemm_with_alpha_other_than_1_is_refused()
    {
        var model = TwoLayerModel();
        model.Graph!.Nodes.Single(n => n.Name == "/0/Gemm").Attributes.Single(a => a.Name == "alpha").Float = 2;
        Refused<NotSupportedException>(model, "/0/Gemm", "alpha");
    }

    [Fact]
    public void An_unknown_attribute_is_refused()
    {
        var model = TwoLayerModel();
        model.Graph!.Nodes.Single(n => n.Name == "/0/Relu").Attributes.Add(OnnxAttributeProto.Int64("mystery", 1));
        Refused<NotSupportedException>(model, "/0/Relu", "mystery");
    }

    [Fact]
    public void Softmax_over_the_batch_axis_is_refused()
    {
        var random = new Random(3);
        var model = TorchStyleModel.BuildModel([LayerSpec.Random(random, 4, 3, Activation.Softmax)], new TorchStyle());
        model.Graph!.Nodes.Single(n => n.OpType == "Softmax").Attributes.Single().Int = 0;
        Refused<NotSupportedException>(model, "/0/Softmax", "axis 0");
    }

    [Fact]
    public void An_activation_before_any_linear_layer_is_refused()
    {
        var model = TwoLayerModel();
        var graph = model.Graph!;
        graph.Nodes.Insert(0, TorchStyleModel.Node("/pre/Tanh", "Tanh", ["input"], "pre"));
        graph.Nodes.Single(n => n.Name == "/0/Gemm").Inputs[0] = "pre";
        Refused<NotSupportedException>(model, "/pre/Tanh", "directly after a linear layer");
    }

    [Fact]
    public void A_rank_4_input_without_Flatten_is_refused()
    {
        var model = TwoLayerModel();
        model.Graph!.Inputs[0] = Nn.Dense.Onnx.OnnxValueInfoProto.Tensor("input", OnnxDataType.Float, "batch", 1L, 2L, 2L);
        Refused<NotSupportedException>(model, "/0/Gemm", "rank 4");
    }

    [Fact]
    public void A_second_graph_input_is_refused()
    {
        var model = TwoLayerModel();
        model.Graph!.Inputs.Add(OnnxValueInfoProto.Tensor("mask", OnnxDataType.Float, "batch", 4L));
        Refused<NotSupportedException>(model, "2 inputs");
    }

    [Fact]
    public void An_int64_typed_graph_input_is_refused()
    {
        var model = TwoLayerModel();
        model.Graph!.Inputs[0].ElementType = OnnxDataType.Int64;
        Refused<NotSupportedException>(model, "input", "Int64");
    }

    [Fact]
    public void A_model_without_a_graph_or_opset_is_invalid()
    {
        var noGraph = TwoLayerModel();
        noGraph.Graph = null;
        Refused<InvalidDataException>(noGraph, "no graph");
        var noOpset = TwoLayerModel();
        noOpset.OpsetImports.Clear();
        Refused<InvalidDataException>(noOpset, "opset");
    }

    [Fact]
    public void A_Transpose_of_the_data_rather_than_a_weight_is_refused()
    {
        var model = TwoLayerModel();
        var graph = model.Graph!;
        graph.Nodes.Insert(0, TorchStyleModel.Node("/pre/Transpose", "Transpose", ["input"], "pre"));
        graph.Nodes.Single(n => n.Name == "/0/Gemm").Inputs[0] = "pre";
        Refused<NotSupportedException>(model, "/pre/Transpose", "Transpose");
    }

    [Fact]
    public void Empty_input_is_invalid()
    {
        Assert.Throws<InvalidDataException>(() => OnnxImport.Load(new MemoryStream()));
    }
}
