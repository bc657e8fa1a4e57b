namespace Nn.Dense.Onnx;

/// <summary>
/// The node list of a graph indexed for pattern matching (<see cref="ActivationPatterns"/>, <see cref="NormalizationPatterns"/>):
/// who produces each value, how many nodes read it, which values are constants (initializers or Constant nodes) and
/// which constants are float scalars, and the INT64 constants' values. <see cref="Rewrite"/> replaces each match by its fused node.
/// </summary>
internal sealed class PatternGraph
{
    private readonly Dictionary<string, float> scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxTensorProto> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> consumerCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> graphOutputs;

    public PatternGraph(OnnxGraphProto graph, List<OnnxNodeProto> nodes)
    {
        Nodes = nodes;
        graphOutputs = graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializers) AddConstant(tensor.Name, tensor);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            foreach (var output in node.Outputs) producers.TryAdd(output, i);
            foreach (var input in node.Inputs) consumerCounts[input] = consumerCounts.GetValueOrDefault(input) + 1;
            if (node.OpType == "Constant" && node.Outputs.Count == 1 && node.Attributes is [{ Name: "value", Tensor: { } value }])
            {
                AddConstant(node.Outputs[0], value);
            }
        }
    }

    public List<OnnxNodeProto> Nodes { get; }

    /// <summary>The node list with each match found by <paramref name="match"/> (tried at every node, in order) replaced by its fused node.</summary>
    public List<OnnxNodeProto> Rewrite(Func<int, PatternMatch?> match)
    {
        var removed = new bool[Nodes.Count];
        var replaced = new Dictionary<int, OnnxNodeProto>();
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (removed[i]) continue;
            if (match(i) is not { } found || found.Members.Any(m => removed[m] || replaced.ContainsKey(m))) continue;
            foreach (int member in found.Members) removed[member] = true;
            removed[found.Last] = false;
            replaced[found.Last] = found.Node;
        }

        var fused = new List<OnnxNodeProto>(Nodes.Count);
        for (int i = 0; i < Nodes.Count; i++)
        {
            if (!removed[i]) fused.Add(replaced.GetValueOrDefault(i) ?? Nodes[i]);
        }

        return fused;
    }

    /// <summary>The node of type <paramref name="opType"/> that alone reads node <paramref name="from"/>'s output, whose other operand passes <paramref name="other"/>.</summary>
    public int? Next(int from, string opType, Func<string, bool> other) =>
        SoleReader(from) is { } next && Nodes[next].OpType == opType && Nodes[next].Outputs.Count == 1
            && OtherOperand(Nodes[next], v => v == Nodes[from].Outputs[0]) is { } rest && other(rest) ? next : null;

    /// <summary>The one-input node of type <paramref name="opType"/> that alone reads node <paramref name="from"/>'s output.</summary>
    public int? NextUnary(int from, string opType) =>
        SoleReader(from) is { } next && Nodes[next] is { Inputs.Count: 1, Outputs.Count: 1 } node && node.OpType == opType ? next : null;

    /// <summary>The later nodes that read <paramref name="value"/>.</summary>
    public List<int> Readers(string value, int after)
    {
        var readers = new List<int>();
        for (int i = after + 1; i < Nodes.Count; i++)
        {
            if (Nodes[i].Inputs.Contains(value)) readers.Add(i);
        }

        return readers;
    }

    /// <summary>For a two-input node with one operand passing <paramref name="known"/>, the other operand (either order).</summary>
    public static string? OtherOperand(OnnxNodeProto node, Func<string, bool> known)
    {
        if (node.Inputs is not [var a, var b]) return null;
        return known(a) ? b : known(b) ? a : null;
    }

    public int? Producer(List<string> inputs, params string[] opTypes) =>
        inputs is [var name] && producers.TryGetValue(name, out int index) && opTypes.Contains(Nodes[index].OpType) && Nodes[index].Outputs.Count == 1 ? index : null;

    public bool TryGetProducer(string value, out int index) => producers.TryGetValue(value, out index);

    public bool IsSoleConsumer(string value, int consumer) =>
        IsIntermediate(value) && consumerCounts.GetValueOrDefault(value) == 1 && Nodes[consumer].Inputs.Contains(value);

    /// <summary>Not a graph output, so the pattern may swallow it.</summary>
    public bool IsIntermediate(string value) => !graphOutputs.Contains(value);

    public bool IsScalar(string name, double value) =>
        scalars.TryGetValue(name, out float stored) && Math.Abs(stored - value) <= 1e-6 * Math.Abs(value);

    public bool TryGetScalar(string name, out float value) => scalars.TryGetValue(name, out value);

    public bool IsConstant(string name) => constants.ContainsKey(name);

    /// <summary>The values of the inline INT64 constant <paramref name="name"/> of the given rank (0: a scalar), or null when it is not one.</summary>
    public long[]? Int64s(string name, int rank) =>
        constants.TryGetValue(name, out var tensor) && tensor is { DataType: OnnxDataType.Int64, IsExternal: false, HasOtherTypedData: false }
            && tensor.Dims.Count == rank ? tensor.ToInt64s(name) : null;

    /// <summary>A node of type <paramref name="opType"/> that takes the place of nodes <paramref name="first"/> to <paramref name="last"/>, named after both.</summary>
    public OnnxNodeProto Fused(string opType, int first, int last, params string[] inputs)
    {
        // The fused node takes over the last node's output; a malformed file can give that node none or several.
        if (Nodes[last].Outputs is not [var output] || output.Length == 0)
        {
            throw new NotSupportedException($"Node {Nodes[last].Describe()}: has {Nodes[last].Outputs.Count} outputs; only single-output nodes form a chain.");
        }

        var node = new OnnxNodeProto { Name = $"{Label(first)} … {Label(last)}", OpType = opType };
        node.Inputs.AddRange(inputs);
        node.Outputs.Add(output);
        return node;
    }

    private string Label(int index) => Nodes[index].Name.Length > 0 ? Nodes[index].Name
        : Nodes[index].Outputs is [var output, ..] ? output : Nodes[index].OpType;

    /// <summary>The node that alone reads node <paramref name="from"/>'s single output (not a graph output).</summary>
    public int? SoleReader(int from)
    {
        // A node without exactly one output (a malformed file can have none) starts no pattern.
        if (Nodes[from].Outputs is not [var value]) return null;
        if (!IsIntermediate(value) || consumerCounts.GetValueOrDefault(value) != 1) return null;
        for (int i = from + 1; i < Nodes.Count; i++)
        {
            if (Nodes[i].Inputs.Contains(value)) return i;
        }

        return null;
    }

    private void AddConstant(string name, OnnxTensorProto tensor)
    {
        constants.TryAdd(name, tensor);
        if (tensor.DataType != OnnxDataType.Float || tensor.IsExternal || tensor.HasOtherTypedData || tensor.ElementCount() != 1) return;
        var values = tensor.ToFloats(name);
        if (values.Length == 1) scalars.TryAdd(name, values[0]);
    }
}

/// <summary>A pattern's node indices, its last node (where the fused node goes) and the fused node.</summary>
internal sealed record PatternMatch(int[] Members, int Last, OnnxNodeProto Node);
