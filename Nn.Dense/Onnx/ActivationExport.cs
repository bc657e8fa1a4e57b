namespace Nn.Dense.Onnx;

/// <summary>
/// The nodes that write one layer's activation into an ONNX graph at opset 13, in the spelling
/// torch.onnx uses, so that our own importer (<see cref="ActivationPatterns"/>) and any runtime read them:
/// one node for Relu, Sigmoid, Tanh, LeakyRelu (alpha), Elu (alpha), Softmax and LogSoftmax (axis −1);
/// Clip with scalar initializers 0 and 6 for ReLU6; Sigmoid then Mul for SiLU; and, since opset 13 has no
/// Gelu operator, Div(x, √2) → Erf → Add(1) → Mul(x) → Mul(½) for GELU and
/// x·x → ·x → ·0.044715 → +x → ·√(2/π) → Tanh → +1 → ·x → ·½ for its tanh form. Constants are scalar
/// float initializers named after the layer ("2.gelu.sqrt2").
/// </summary>
internal static class ActivationExport
{
    public static void Append(OnnxGraphProto graph, int index, DenseLayer layer, string input, string output)
    {
        var writer = new Writer(graph, $"{index}.{layer.Activation.ToString().ToLowerInvariant()}");
        switch (layer.Activation)
        {
            case Activation.Relu: writer.Node("Relu", output, input); break;
            case Activation.Sigmoid: writer.Node("Sigmoid", output, input); break;
            case Activation.Tanh: writer.Node("Tanh", output, input); break;
            case Activation.LeakyRelu: writer.Node("LeakyRelu", output, input).Attributes.Add(OnnxAttributeProto.Float32("alpha", layer.ActivationParameter)); break;
            case Activation.Elu: writer.Node("Elu", output, input).Attributes.Add(OnnxAttributeProto.Float32("alpha", layer.ActivationParameter)); break;
            case Activation.Softmax: writer.Node("Softmax", output, input).Attributes.Add(OnnxAttributeProto.Int64("axis", -1)); break;
            case Activation.LogSoftmax: writer.Node("LogSoftmax", output, input).Attributes.Add(OnnxAttributeProto.Int64("axis", -1)); break;
            case Activation.Relu6: writer.Node("Clip", output, input, writer.Constant("min", 0f), writer.Constant("max", 6f)); break;
            case Activation.Silu: writer.Node("Mul", output, input, writer.Node("Sigmoid", null, input).Outputs[0]); break;
            case Activation.Gelu: Gelu(writer, input, output); break;
            case Activation.GeluTanh: GeluTanh(writer, input, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, "No ONNX operator for this activation.");
        }
    }

    private static void Gelu(Writer writer, string x, string output)
    {
        string scaled = writer.Value("Div", x, writer.Constant("sqrt2", MathF.Sqrt(2f)));
        string erf = writer.Value("Erf", scaled);
        string shifted = writer.Value("Add", erf, writer.Constant("one", 1f));
        string product = writer.Value("Mul", x, shifted);
        writer.Node("Mul", output, product, writer.Constant("half", 0.5f));
    }

    private static void GeluTanh(Writer writer, string x, string output)
    {
        string square = writer.Value("Mul", x, x);
        string cube = writer.Value("Mul", x, square);
        string cubic = writer.Value("Mul", writer.Constant("cubic", 0.044715f), cube);
        string inner = writer.Value("Add", x, cubic);
        string scaled = writer.Value("Mul", writer.Constant("scale", 0.7978846f), inner);
        string tanh = writer.Value("Tanh", scaled);
        string shifted = writer.Value("Add", writer.Constant("one", 1f), tanh);
        string product = writer.Value("Mul", x, shifted);
        writer.Node("Mul", output, writer.Constant("half", 0.5f), product);
    }

    /// <summary>Adds nodes and scalar initializers under one prefix, numbering the intermediate values.</summary>
    private sealed class Writer(OnnxGraphProto graph, string prefix)
    {
        private int count;

        public string Constant(string name, float value)
        {
            string full = $"{prefix}.{name}";
            if (!graph.Initializers.Any(t => t.Name == full)) graph.Initializers.Add(OnnxTensorProto.FromFloats(full, [value]));
            return full;
        }

        /// <summary>A node whose single output is a new intermediate value; returns that value's name.</summary>
        public string Value(string opType, params string[] inputs) => Node(opType, null, inputs).Outputs[0];

        public OnnxNodeProto Node(string opType, string? output, params string[] inputs)
        {
            int number = count++;
            var node = new OnnxNodeProto { Name = $"{prefix}.{opType}{number}", OpType = opType };
            node.Inputs.AddRange(inputs);
            node.Outputs.Add(output ?? $"{prefix}.{number}");
            graph.Nodes.Add(node);
            return node;
        }
    }
}
