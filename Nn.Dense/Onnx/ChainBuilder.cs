namespace Nn.Dense.Onnx;

/// <summary>
/// Turns the node list of an ONNX graph into dense layers, walking it once and keeping the single
/// live value and the layers so far. This half checks the graph's shape (one input, one output,
/// one chain); ChainBuilder.Operators.cs translates the linear layers and activations,
/// ChainBuilder.Normalization.cs batch and layer normalization and dropout, ChainBuilder.Reshape.cs Flatten and Reshape.
/// </summary>
internal sealed partial class ChainBuilder
{
    private readonly OnnxGraphProto graph;
    private readonly Dictionary<string, OnnxTensorProto> constants = new(StringComparer.Ordinal);
    private readonly List<LayerParts> layers = [];
    private readonly long opset;
    private readonly List<string> warnings = [];
    private HashSet<string> consumed = new(StringComparer.Ordinal);   // every value some node reads, and the graph outputs
    private string current = "";
    private long? width;          // features of the live value when known
    private bool awaitingBias;    // the last layer came from a MatMul whose Add may follow
    private int inputRank = 2;    // declared rank of the graph input, until Flatten makes it 2

    public ChainBuilder(OnnxModelProto model)
    {
        graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");
        opset = -1;
        foreach (var (domain, version) in model.OpsetImports)
        {
            if (domain is "" or "ai.onnx") opset = version;
        }
    }

    /// <summary>The operators the chain builder reads, for refusal messages.</summary>
    public const string SupportedOperators =
        "Gemm, MatMul, Add, Relu, Sigmoid, Tanh, LeakyRelu, Elu, Clip (0, 6), Softmax, LogSoftmax, BatchNormalization (inference form), " +
        "LayerNormalization (last axis), Dropout, Flatten, Reshape (to [batch, features], also with the shape computed as torch writes x.view(x.size(0), -1)), Identity, and GELU, SiLU and layer normalization " +
        "as torch.onnx writes them";

    /// <summary>What the import changed that the caller should know (float64 converted, nodes dropped or folded); filled by <see cref="Build"/>.</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>The model had float64 tensors or values, converted to float32 by <see cref="Build"/>.</summary>
    public bool ConvertedFromDouble { get; private set; }

    public Network Build()
    {
        if (opset < 1) throw new InvalidDataException("The ONNX model declares no opset for the default (ai.onnx) domain.");
        if (graph.SparseInitializerCount > 0) throw new NotSupportedException("The ONNX graph has sparse initializers, which are not supported.");
        ConvertedFromDouble = OnnxDoubleConversion.ToFloat(graph, warnings);
        foreach (var tensor in graph.Initializers)
        {
            if (!constants.TryAdd(tensor.Name, tensor)) throw new InvalidDataException($"Initializer '{tensor.Name}' is defined twice.");
        }

        // Before IR version 4, initializers are listed among the graph inputs too.
        var inputs = graph.Inputs.Where(i => !constants.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1) throw new NotSupportedException($"The graph has {inputs.Count} inputs besides initializers; a dense chain has exactly one.");
        if (graph.Outputs.Count != 1) throw new NotSupportedException($"The graph has {graph.Outputs.Count} outputs; a dense chain has exactly one.");
        var input = inputs[0];
        var output = graph.Outputs[0];
        RequireFloatValue(input, "input");
        RequireFloatValue(output, "output");
        current = input.Name;
        width = InputWidth(input, flattened: false);
        if (input.HasShape) inputRank = input.Shape.Count;

        var nodes = ReshapePatterns.Fuse(graph, ActivationPatterns.Fuse(graph, NormalizationPatterns.Fuse(graph)));
        consumed = nodes.SelectMany(n => n.Inputs).Concat(graph.Outputs.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var node in nodes) Visit(node, input);

        if (layers.Count == 0) throw new NotSupportedException("The graph has no Gemm or MatMul node: there is no linear layer to import.");
        AppendPendingNormalization();
        if (current != output.Name)
        {
            throw new NotSupportedException($"The graph output '{output.Name}' is not the end of the node chain (the chain ends in '{current}').");
        }

        int outputs = layers[^1].Outputs;
        if (output.HasShape && output.Shape.Count == 2 && output.Shape[1] is { } declared && declared != outputs)
        {
            throw new InvalidDataException($"The graph output '{output.Name}' declares {declared} features but the last layer gives {outputs}.");
        }

        return new Network(layers.Select(p => p.ToLayer()).ToArray());
    }

    private void Visit(OnnxNodeProto node, OnnxValueInfoProto input)
    {
        string where = $"Node {node.Describe()}";
        if (node.Domain is not ("" or "ai.onnx")) throw new NotSupportedException($"{where}: operator domain '{node.Domain}' is not supported.");
        if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0) RequireOneUsedOutput(node, where);

        if (node.OpType == "Constant")
        {
            VisitConstant(node, where);
            return;
        }

        if (node.OpType == "Transpose" && node.Inputs.Count == 1 && constants.ContainsKey(node.Inputs[0]))
        {
            VisitWeightTranspose(node, where);
            return;
        }

        if (node.OpType == "Identity" && node.Inputs.Count == 1 && constants.TryGetValue(node.Inputs[0], out var aliased))
        {
            // torch.onnx writes Identity(initializer) when two parameters hold equal values (it keeps one copy).
            node.RequireNoAttributes(where);
            if (!constants.TryAdd(node.Outputs[0], aliased)) throw new InvalidDataException($"{where}: value '{node.Outputs[0]}' is defined twice.");
            return;
        }

        var dataInputs = node.Inputs.Where(n => n.Length > 0 && !constants.ContainsKey(n)).ToList();
        if (dataInputs.Count != 1 || dataInputs[0] != current)
        {
            string read = string.Join(", ", dataInputs.Select(n => $"'{n}'"));
            throw new NotSupportedException(
                $"{where}: reads [{read}], but a single chain needs exactly the previous value '{current}': the graph branches or is not a chain.");
        }

        switch (node.OpType)
        {
            case "Identity": node.RequireNoAttributes(where); break;
            case "Flatten": VisitFlatten(node, where, input); break;
            case "Reshape": VisitReshape(node, where, input); break;
            case "Dropout": VisitDropout(node, where); break;
            case "BatchNormalization": VisitBatchNormalization(node, where); break;
            case "LayerNormalization": VisitLayerNormalization(node, where); break;
            case "Gemm": VisitGemm(node, where); break;
            case "MatMul": VisitMatMul(node, where); break;
            case "Add": VisitAdd(node, where); break;
            case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Softmax" or "LogSoftmax" or "Elu" or "Clip" or "Gelu" or "Silu":
                VisitActivation(node, where);
                break;
            default:
                throw new NotSupportedException($"{where}: operator '{node.OpType}' is not supported (a dense chain has {SupportedOperators}).");
        }

        current = node.Outputs[0];
    }

    private LayerParts NewLayer(long inputs, long outputs, float[] weights, string where)
    {
        if (layers.Count == 0 && inputRank != 2)
        {
            throw new NotSupportedException(
                $"{where}: the graph input has rank {inputRank}; a dense chain takes [batch, features] (or a Flatten with axis 1 first).");
        }

        if (layers.Count > 0 && layers[^1].Activation is Dense.Activation.Softmax or Dense.Activation.LogSoftmax)
        {
            throw new NotSupportedException($"{where}: a layer after {layers[^1].Activation} is not supported ({layers[^1].Activation} only on the last layer).");
        }

        if (width is { } known && known != inputs)
        {
            throw new InvalidDataException($"{where}: the weight takes {inputs} features but the previous value has {known}; shapes do not chain.");
        }

        var layer = new LayerParts((int)inputs, (int)outputs, weights);
        ApplyPendingNormalization(layer, where);
        layers.Add(layer);
        width = outputs;
        return layer;
    }

    private OnnxTensorProto Parameter(string name, string where, string role)
    {
        if (!constants.TryGetValue(name, out var tensor))
        {
            throw new NotSupportedException($"{where}: operand {role} '{name}' is not an initializer or Constant; only fixed weights are supported.");
        }

        if (tensor.IsExternal) throw new NotSupportedException($"{where}: tensor '{name}' keeps its data in an external file, which is not supported.");
        if (tensor.DataType != OnnxDataType.Float) throw new NotSupportedException($"{where}: tensor '{name}' has data type {tensor.DataType}; only FLOAT is supported.");
        if (tensor.HasOtherTypedData) throw new InvalidDataException($"{where}: FLOAT tensor '{name}' carries data in a field of another type.");
        return tensor;
    }

    private static long? InputWidth(OnnxValueInfoProto input, bool flattened)
    {
        if (!input.HasShape || input.Shape.Count < 2) return null;
        if (!flattened && input.Shape.Count != 2) return null;
        long product = 1;
        for (int i = 1; i < input.Shape.Count; i++)
        {
            if (input.Shape[i] is not { } dim || dim < 0) return null;
            product = dim != 0 && product > int.MaxValue / dim ? int.MaxValue : product * dim;
        }

        return product;
    }

    private static void RequireFloatValue(OnnxValueInfoProto value, string role)
    {
        if (!value.IsTensor || value.ElementType != OnnxDataType.Float)
        {
            throw new NotSupportedException($"The graph {role} '{value.Name}' is {(value.IsTensor ? value.ElementType.ToString() : "not a tensor")}; only FLOAT tensors are supported.");
        }
    }
}
