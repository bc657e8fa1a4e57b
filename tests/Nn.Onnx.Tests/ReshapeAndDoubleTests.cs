using System.Buffers.Binary;
using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// Reshape (a no-op when it keeps [batch, features], refused otherwise), float64 models (converted to float32 and said so),
/// Dropout's mask, Identity of an initializer, and the refusals of written-out layer normalizations that are not the exact form.
/// </summary>
public class ReshapeAndDoubleTests
{
    private static readonly LayerSpec[] Layers = [LayerSpec.Random(new Random(31), 4, 3, Activation.Relu), LayerSpec.Random(new Random(32), 3, 2, Activation.Sigmoid)];
    private static readonly float[] Inputs = RandomData.Uniform(new Random(33), 3 * 4, 2f);

    private static OnnxModelProto Model() => TorchStyleModel.BuildModel(Layers, new TorchStyle());

    private static float[] Predict(Network network)
    {
        var outputs = new float[3 * network.OutputSize];
        network.Predict(Inputs, 3, outputs);
        return outputs;
    }

    private static OnnxTensorProto Int64s(string name, params long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Int64, RawData = raw };
        tensor.Dims.Add(values.Length);
        return tensor;
    }

    /// <summary>Inserts Reshape(value, shape) before the node at <paramref name="at"/>, which then reads the reshaped value.</summary>
    private static OnnxModelProto WithReshape(OnnxModelProto model, int at, params long[] shape)
    {
        var graph = model.Graph!;
        string value = graph.Nodes[at].Inputs[0];
        graph.Initializers.Add(Int64s("/Reshape/shape", shape));
        graph.Nodes.Insert(at, TorchStyleModel.Node("/Reshape", "Reshape", [value, "/Reshape/shape"], "/Reshape/out"));
        graph.Nodes[at + 1].Inputs[0] = "/Reshape/out";
        return model;
    }

    private static Network Import(OnnxModelProto model, out OnnxImportReport report) => OnnxImport.Load(new MemoryStream(model.ToArray()), out report);

    private static void Refused<TException>(OnnxModelProto model, params string[] mentions)
        where TException : Exception
    {
        var error = Assert.Throws<TException>(() => Import(model, out _));
        foreach (string mention in mentions) Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new long[] { -1, 4 })]
    [InlineData(0, new long[] { 0, -1 })]
    [InlineData(2, new long[] { -1, 3 })]   // between the layers: after the first Relu
    [InlineData(2, new long[] { 0, -1 })]
    public void A_reshape_that_keeps_the_batch_is_a_no_op(int at, long[] shape)
    {
        var network = Import(WithReshape(Model(), at, shape), out var report);
        Assert.Empty(report.Warnings);
        Assert.Equal(Predict(LayerSpec.ToNetwork(Layers)), Predict(network));
    }

    [Fact]
    public void A_reshape_to_the_fixed_batch_is_a_no_op_only_when_the_input_declares_that_batch()
    {
        var model = WithReshape(Model(), 0, 3, -1);
        Refused<NotSupportedException>(model, "/Reshape", "Reshape", "[3, -1]");
        model.Graph!.Inputs[0] = OnnxValueInfoProto.Tensor("input", OnnxDataType.Float, 3L, 4L);
        Assert.Equal(Predict(LayerSpec.ToNetwork(Layers)), Predict(Import(model, out _)));
    }

    [Theory]
    [InlineData(new long[] { -1, 2 }, "would change the batch")]
    [InlineData(new long[] { -1, 2, 2 }, "[-1, 2, 2]")]
    [InlineData(new long[] { 0, 0 }, "[0, 0]")]
    [InlineData(new long[] { 2, -1 }, "[2, -1]")]
    public void A_reshape_to_another_shape_is_refused_naming_the_node(long[] shape, string why) =>
        Refused<NotSupportedException>(WithReshape(Model(), 0, shape), "/Reshape", "Reshape", why);

    [Fact]
    public void A_float64_model_is_converted_to_float32_and_the_report_says_so()
    {
        var model = Model();
        var graph = model.Graph!;
        // Float32 values widened to float64: the conversion back is exact, so Predict must equal the float32 model's bit for bit.
        for (int i = 0; i < graph.Initializers.Count; i++)
        {
            var tensor = graph.Initializers[i];
            var values = tensor.ToFloats("test");
            graph.Initializers[i] = i % 2 == 0 ? DoubleRaw(tensor.Name, values, tensor.Dims) : DoubleData(tensor.Name, values, tensor.Dims);
        }

        graph.Inputs[0].ElementType = OnnxDataType.Double;
        graph.Outputs[0].ElementType = OnnxDataType.Double;
        var network = Import(model, out var report);
        Assert.True(report.ConvertedFromDouble);
        Assert.Contains("float64", Assert.Single(report.Warnings), StringComparison.Ordinal);
        Assert.Equal(Predict(LayerSpec.ToNetwork(Layers)), Predict(network));
    }

    [Fact]
    public void A_float64_value_beyond_float32_is_invalid_data_naming_the_tensor()
    {
        var model = Model();
        var weight = model.Graph!.Initializers.Single(t => t.Name == "1.weight");
        var values = weight.ToFloats("test").Select(v => (double)v).ToArray();
        values[4] = 1e300;
        model.Graph.Initializers[model.Graph.Initializers.IndexOf(weight)] = DoubleRaw("1.weight", values, weight.Dims);
        Refused<InvalidDataException>(model, "1.weight", "float32");
    }

    private static OnnxTensorProto DoubleRaw(string name, IEnumerable<float> values, List<long> dims) =>
        DoubleRaw(name, values.Select(v => (double)v).ToArray(), dims);

    private static OnnxTensorProto DoubleRaw(string name, double[] values, List<long> dims)
    {
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), values[i]);
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Double, RawData = raw };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>The same tensor with its values in double_data (field 10, packed) instead of raw_data.</summary>
    private static OnnxTensorProto DoubleData(string name, float[] values, List<long> dims)
    {
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Double };
        tensor.Dims.AddRange(dims);
        tensor.DoubleData.AddRange(values.Select(v => (double)v));
        var parsed = OnnxTensorProto.Parse(tensor.Write().ToArray());
        Assert.Equal(tensor.DoubleData, parsed.DoubleData);
        return parsed;
    }

    [Fact]
    public void A_dropout_mask_that_another_node_reads_is_refused()
    {
        var model = Model();
        var graph = model.Graph!;
        int relu = graph.Nodes.FindIndex(n => n.OpType == "Relu");
        var dropout = TorchStyleModel.Node("/Dropout", "Dropout", [graph.Nodes[relu].Outputs[0]], "/Dropout/out");
        dropout.Outputs.Add("/Dropout/mask");
        graph.Nodes.Insert(relu + 1, dropout);
        graph.Nodes[relu + 2].Inputs[0] = "/Dropout/out";
        Assert.Equal(Predict(LayerSpec.ToNetwork(Layers)), Predict(Import(model, out var report)));
        Assert.Contains("/Dropout", Assert.Single(report.Warnings), StringComparison.Ordinal);

        graph.Nodes.Insert(relu + 2, TorchStyleModel.Node("/Mask/Identity", "Identity", ["/Dropout/mask"], "/Mask/out"));
        Refused<NotSupportedException>(model, "/Dropout", "'/Dropout/mask' is used");
    }

    [Fact]
    public void Identity_of_an_initializer_names_the_same_tensor()
    {
        // torch.onnx keeps one copy of equal parameters and spells the other as Identity(initializer).
        var model = Model();
        var graph = model.Graph!;
        var bias = graph.Initializers.Single(t => t.Name == "0.bias");
        graph.Initializers.Remove(bias);
        graph.Initializers.Add(OnnxTensorProto.FromFloats("shared", bias.ToFloats("test"), 3));
        graph.Nodes.Insert(0, TorchStyleModel.Node("/Identity", "Identity", ["shared"], "0.bias"));
        Assert.Equal(Predict(LayerSpec.ToNetwork(Layers)), Predict(Import(model, out _)));
    }

    private static OnnxModelProto TorchLayerNorm() =>
        OnnxModelProto.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reference", "torch", "ln_opset13", "model.onnx")));

    private static void SetConstant(OnnxModelProto model, string node, float value)
    {
        var constant = model.Graph!.Nodes.Single(n => n.Name == node);
        constant.Attributes[0].Tensor = OnnxTensorProto.FromFloats(constant.Outputs[0], [value]);
    }

    [Fact]
    public void A_written_out_layer_normalization_in_another_form_is_refused_naming_the_node()
    {
        var cube = TorchLayerNorm();
        SetConstant(cube, "/1/Constant", 3f);   // Pow's exponent
        Refused<NotSupportedException>(cube, "/1/Pow", "exponent", "layer normalization");

        var otherAxis = TorchLayerNorm();
        otherAxis.Graph!.Nodes.Single(n => n.Name == "/1/ReduceMean_1").Attributes.Single(a => a.Name == "axes").Ints[0] = 0;
        Refused<NotSupportedException>(otherAxis, "/1/ReduceMean_1", "axes");

        var epsilon = TorchLayerNorm();
        SetConstant(epsilon, "/1/Constant_1", 1e-3f);
        Refused<NotSupportedException>(epsilon, "LayerNormalization", "epsilon 0.001");
    }
}
