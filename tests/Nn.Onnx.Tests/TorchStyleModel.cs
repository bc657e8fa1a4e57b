using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>How a linear layer is spelled in the graph, as torch.onnx.export writes it over the versions.</summary>
public enum LinearForm
{
    GemmTransB,       // Gemm(x, W[out×in], b; transB=1): torch's default for nn.Linear on rank-2 input
    GemmPlain,        // Gemm(x, Wᵀ[in×out], b): weights stored pre-transposed
    MatMulAdd,        // MatMul(x, Wᵀ[in×out]) then Add(·, b): torch for rank>2 input or with some versions
    MatMulAddBiasFirst, // Add(b, ·): operands in the other order
}

/// <summary>Options for a PyTorch-shaped test model built from <see cref="LayerSpec"/>s.</summary>
public sealed record TorchStyle(
    LinearForm Linear = LinearForm.GemmTransB,
    bool FloatData = false,
    bool FlattenInput = false,
    bool IdentityNodes = false,
    bool ConstantWeights = false,
    bool InitializersAsInputs = false,
    int Opset = 13,
    bool SoftmaxAxisOmitted = false);

/// <summary>A tiny builder of ONNX graphs in the shapes PyTorch exports, on the library's internal protobuf classes.</summary>
public static class TorchStyleModel
{
    public static byte[] Build(IReadOnlyList<LayerSpec> layers, TorchStyle style) => BuildModel(layers, style).ToArray();

    internal static OnnxModelProto BuildModel(IReadOnlyList<LayerSpec> layers, TorchStyle style)
    {
        var graph = new OnnxGraphProto { Name = "main_graph" };
        int inputSize = layers[0].Inputs;
        graph.Inputs.Add(style.FlattenInput
            ? OnnxValueInfoProto.Tensor("input", OnnxDataType.Float, "batch", 1L, 1L, (long)inputSize)
            : OnnxValueInfoProto.Tensor("input", OnnxDataType.Float, "batch", (long)inputSize));
        graph.Outputs.Add(OnnxValueInfoProto.Tensor("output", OnnxDataType.Float, "batch", (long)layers[^1].Outputs));
        string current = "input";
        int counter = 0;
        string Next() => $"/{counter++}/out";

        if (style.FlattenInput)
        {
            var flatten = Node("/Flatten", "Flatten", [current], Next());
            flatten.Attributes.Add(OnnxAttributeProto.Int64("axis", 1));
            graph.Nodes.Add(flatten);
            current = flatten.Outputs[0];
        }

        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            if (style.IdentityNodes)
            {
                graph.Nodes.Add(Node($"/{l}/Identity", "Identity", [current], Next()));
                current = graph.Nodes[^1].Outputs[0];
            }

            var transposed = Transpose(layer.Weights, layer.Outputs, layer.Inputs);
            string weightName = $"{l}.weight", biasName = $"{l}.bias";
            var weight = style.Linear == LinearForm.GemmTransB
                ? Tensor(weightName, layer.Weights, style.FloatData, layer.Outputs, layer.Inputs)
                : Tensor(weightName, transposed, style.FloatData, layer.Inputs, layer.Outputs);
            var bias = Tensor(biasName, layer.Biases, style.FloatData, layer.Outputs);
            AddParameter(graph, weight, style);
            AddParameter(graph, bias, style);

            switch (style.Linear)
            {
                case LinearForm.GemmTransB or LinearForm.GemmPlain:
                    var gemm = Node($"/{l}/Gemm", "Gemm", [current, weightName, biasName], Next());
                    gemm.Attributes.Add(OnnxAttributeProto.Float32("alpha", 1));
                    gemm.Attributes.Add(OnnxAttributeProto.Float32("beta", 1));
                    if (style.Linear == LinearForm.GemmTransB) gemm.Attributes.Add(OnnxAttributeProto.Int64("transB", 1));
                    graph.Nodes.Add(gemm);
                    break;
                default:
                    graph.Nodes.Add(Node($"/{l}/MatMul", "MatMul", [current, weightName], Next()));
                    string product = graph.Nodes[^1].Outputs[0];
                    graph.Nodes.Add(style.Linear == LinearForm.MatMulAddBiasFirst
                        ? Node($"/{l}/Add", "Add", [biasName, product], Next())
                        : Node($"/{l}/Add", "Add", [product, biasName], Next()));
                    break;
            }

            current = graph.Nodes[^1].Outputs[0];
            var activation = ActivationNode(layer, l, current, Next(), style);
            if (activation is not null)
            {
                graph.Nodes.Add(activation);
                current = activation.Outputs[0];
            }
        }

        if (style.IdentityNodes) graph.Nodes.Add(Node("/Identity_out", "Identity", [current], Next()));

        graph.Nodes[^1].Outputs[0] = "output";
        var model = new OnnxModelProto { IrVersion = style.Opset >= 13 ? 7 : 6, ProducerName = "pytorch", Graph = graph };
        model.OpsetImports.Add(("", style.Opset));
        return model;
    }

    private static OnnxNodeProto? ActivationNode(LayerSpec layer, int l, string input, string output, TorchStyle style)
    {
        string? op = layer.Activation switch
        {
            Activation.Relu => "Relu",
            Activation.Sigmoid => "Sigmoid",
            Activation.Tanh => "Tanh",
            Activation.LeakyRelu => "LeakyRelu",
            Activation.Softmax => "Softmax",
            _ => null,
        };
        if (op is null) return null;
        var node = Node($"/{l}/{op}", op, [input], output);
        if (layer.Activation == Activation.LeakyRelu) node.Attributes.Add(OnnxAttributeProto.Float32("alpha", layer.NegativeSlope));
        if (layer.Activation == Activation.Softmax && !style.SoftmaxAxisOmitted) node.Attributes.Add(OnnxAttributeProto.Int64("axis", style.Opset >= 13 ? -1 : 1));
        return node;
    }

    private static void AddParameter(OnnxGraphProto graph, OnnxTensorProto tensor, TorchStyle style)
    {
        if (style.ConstantWeights)
        {
            var constant = Node($"/Constant_{tensor.Name}", "Constant", [], tensor.Name);
            constant.Attributes.Add(new OnnxAttributeProto { Name = "value", Type = OnnxAttributeType.Tensor, Tensor = tensor });
            graph.Nodes.Add(constant);
            return;
        }

        graph.Initializers.Add(tensor);
        if (style.InitializersAsInputs)
        {
            graph.Inputs.Add(OnnxValueInfoProto.Tensor(tensor.Name, OnnxDataType.Float, tensor.Dims.Cast<object>().ToArray()));
        }
    }

    internal static OnnxNodeProto Node(string name, string op, string[] inputs, string output)
    {
        var node = new OnnxNodeProto { Name = name, OpType = op };
        node.Inputs.AddRange(inputs);
        node.Outputs.Add(output);
        return node;
    }

    internal static OnnxTensorProto Tensor(string name, float[] values, bool floatData, params long[] dims)
    {
        if (!floatData) return OnnxTensorProto.FromFloats(name, values, dims);
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static float[] Transpose(float[] matrix, int rows, int cols)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++) result[c * rows + r] = matrix[r * cols + c];
        }

        return result;
    }
}
