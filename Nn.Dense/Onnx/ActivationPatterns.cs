using System.Text;

namespace Nn.Dense.Onnx;

/// <summary>
/// Finds the activations that exporters spell as several element-wise nodes and replaces each by one
/// node the chain builder reads like any other activation, so the chain stays a chain:
/// <list type="bullet">
/// <item>GELU as torch.onnx writes it (opsets 9 to 17): Div(x, √2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, ½)
/// (Mul by 1/√2 is accepted for the Div), fused into <c>Gelu</c>.</item>
/// <item>GELU with approximate='tanh': Mul(x, x) → Mul(x, ·) (or Pow(x, 3)) → Mul(0.044715, ·) → Add(x, ·) →
/// Mul(√(2/π), ·) → Tanh → Add(1, ·) → Mul(x, ·) → Mul(½, ·), fused into <c>Gelu</c> with approximate = "tanh"
/// (opset 20's own spelling of it).</item>
/// <item>SiLU: Sigmoid(x) → Mul(x, ·), fused into <c>Silu</c> (no ONNX operator of its own).</item>
/// </list>
/// Operands may come in either order; constants (initializers or Constant nodes) must be scalars equal to
/// the formula's to 10⁻⁶ relative. Every intermediate value must feed only the next node of the pattern, so
/// a graph that really branches is left alone (and refused by the chain builder). The fused node takes the
/// place of the pattern's last node; the Constant nodes it used stay (they are harmless).
/// </summary>
internal sealed class ActivationPatterns
{
    private const double Sqrt2 = 1.4142135623730951;
    private const double SqrtTwoOverPi = 0.7978845608028654;

    private readonly List<OnnxNodeProto> nodes;
    private readonly Dictionary<string, float> scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> consumerCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> graphOutputs;

    private ActivationPatterns(OnnxGraphProto graph)
    {
        nodes = graph.Nodes;
        graphOutputs = graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializers) AddScalar(tensor.Name, tensor);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            foreach (var output in node.Outputs) producers.TryAdd(output, i);
            foreach (var input in node.Inputs) consumerCounts[input] = consumerCounts.GetValueOrDefault(input) + 1;
            if (node.OpType == "Constant" && node.Outputs.Count == 1 && node.Attributes is [{ Name: "value", Tensor: { } value }])
            {
                AddScalar(node.Outputs[0], value);
            }
        }
    }

    /// <summary>The graph's nodes with every recognised multi-node activation replaced by one node.</summary>
    public static List<OnnxNodeProto> Fuse(OnnxGraphProto graph) => new ActivationPatterns(graph).Fuse();

    private List<OnnxNodeProto> Fuse()
    {
        var removed = new bool[nodes.Count];
        var replaced = new Dictionary<int, OnnxNodeProto>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (removed[i]) continue;
            var match = nodes[i].OpType switch
            {
                "Erf" => MatchGelu(i),
                "Tanh" => MatchGeluTanh(i),
                "Sigmoid" => MatchSilu(i),
                _ => null,
            };
            if (match is not { } found || found.Members.Any(m => removed[m] || replaced.ContainsKey(m))) continue;
            foreach (int member in found.Members) removed[member] = true;
            removed[found.Last] = false;
            replaced[found.Last] = found.Node;
        }

        var fused = new List<OnnxNodeProto>(nodes.Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!removed[i]) fused.Add(replaced.GetValueOrDefault(i) ?? nodes[i]);
        }

        return fused;
    }

    /// <summary>Div(x, √2) | Mul(x, 1/√2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, ½), anchored at the Erf.</summary>
    private Match? MatchGelu(int erf)
    {
        if (Producer(nodes[erf].Inputs, "Div", "Mul") is not { } scale || !IsSoleConsumer(nodes[scale].Outputs[0], erf)) return null;
        var scaleNode = nodes[scale];
        string? x = scaleNode.OpType == "Div"
            ? (scaleNode.Inputs.Count == 2 && IsScalar(scaleNode.Inputs[1], Sqrt2) ? scaleNode.Inputs[0] : null)
            : OtherOperand(scaleNode, v => IsScalar(v, 1 / Sqrt2));
        if (x is null) return null;
        if (Next(erf, "Add", v => IsScalar(v, 1)) is not { } add) return null;
        if (Next(add, "Mul", v => v == x) is not { } product) return null;
        if (Next(product, "Mul", v => IsScalar(v, 0.5)) is not { } half) return null;
        return new Match([scale, erf, add, product, half], half, Fused("Gelu", x, scale, half, approximate: null));
    }

    /// <summary>The tanh form (see the class summary), anchored at the Tanh.</summary>
    private Match? MatchGeluTanh(int tanh)
    {
        if (Producer(nodes[tanh].Inputs, "Mul") is not { } scaled || !IsSoleConsumer(nodes[scaled].Outputs[0], tanh)) return null;
        if (OtherOperand(nodes[scaled], v => IsScalar(v, SqrtTwoOverPi)) is not { } innerName) return null;
        if (!producers.TryGetValue(innerName, out int inner) || nodes[inner].OpType != "Add" || !IsSoleConsumer(innerName, scaled)) return null;
        foreach (string x in nodes[inner].Inputs.Distinct())
        {
            if (OtherOperand(nodes[inner], v => v == x) is not { } cubicName || CubicTerm(cubicName, x, inner) is not { } cubic) continue;
            if (Next(tanh, "Add", v => IsScalar(v, 1)) is not { } add) return null;
            if (Next(add, "Mul", v => v == x) is not { } product) return null;
            if (Next(product, "Mul", v => IsScalar(v, 0.5)) is not { } half) return null;
            int[] members = [.. cubic, inner, scaled, tanh, add, product, half];
            return new Match(members, half, Fused("Gelu", x, cubic[0], half, approximate: "tanh"));
        }

        return null;
    }

    /// <summary>Mul(0.044715, x³) with x³ = Mul(x, Mul(x, x)) or Pow(x, 3), feeding only <paramref name="consumer"/>; the nodes, first to last.</summary>
    private int[]? CubicTerm(string name, string x, int consumer)
    {
        if (!producers.TryGetValue(name, out int term) || nodes[term].OpType != "Mul" || !IsSoleConsumer(name, consumer)) return null;
        if (OtherOperand(nodes[term], v => IsScalar(v, 0.044715)) is not { } cubeName) return null;
        if (!producers.TryGetValue(cubeName, out int cube) || !IsSoleConsumer(cubeName, term)) return null;
        var cubeNode = nodes[cube];
        if (cubeNode.OpType == "Pow" && cubeNode.Inputs.Count == 2 && cubeNode.Inputs[0] == x && IsScalar(cubeNode.Inputs[1], 3)) return [cube, term];
        if (cubeNode.OpType != "Mul" || OtherOperand(cubeNode, v => v == x) is not { } squareName) return null;
        if (!producers.TryGetValue(squareName, out int square) || !IsSoleConsumer(squareName, cube)) return null;
        return nodes[square] is { OpType: "Mul", Inputs: [var a, var b] } && a == x && b == x ? [square, cube, term] : null;
    }

    /// <summary>Sigmoid(x) → Mul(x, ·), anchored at the Sigmoid.</summary>
    private Match? MatchSilu(int sigmoid)
    {
        if (nodes[sigmoid].Inputs is not [var x]) return null;
        if (Next(sigmoid, "Mul", v => v == x) is not { } product) return null;
        return new Match([sigmoid, product], product, Fused("Silu", x, sigmoid, product, approximate: null));
    }

    /// <summary>The node of type <paramref name="opType"/> that alone reads node <paramref name="from"/>'s output, whose other operand passes <paramref name="other"/>.</summary>
    private int? Next(int from, string opType, Func<string, bool> other)
    {
        // A node without exactly one output (a malformed file can have none) starts no pattern.
        if (nodes[from].Outputs is not [var value]) return null;
        if (graphOutputs.Contains(value) || consumerCounts.GetValueOrDefault(value) != 1) return null;
        for (int i = from + 1; i < nodes.Count; i++)
        {
            if (!nodes[i].Inputs.Contains(value)) continue;
            return nodes[i].OpType == opType && nodes[i].Outputs.Count == 1 && OtherOperand(nodes[i], v => v == value) is { } rest && other(rest) ? i : null;
        }

        return null;
    }

    /// <summary>For a two-input node with one operand passing <paramref name="known"/>, the other operand (either order).</summary>
    private static string? OtherOperand(OnnxNodeProto node, Func<string, bool> known)
    {
        if (node.Inputs is not [var a, var b]) return null;
        return known(a) ? b : known(b) ? a : null;
    }

    private int? Producer(List<string> inputs, params string[] opTypes) =>
        inputs is [var name] && producers.TryGetValue(name, out int index) && opTypes.Contains(nodes[index].OpType) && nodes[index].Outputs.Count == 1 ? index : null;

    private bool IsSoleConsumer(string value, int consumer) =>
        !graphOutputs.Contains(value) && consumerCounts.GetValueOrDefault(value) == 1 && nodes[consumer].Inputs.Contains(value);

    private bool IsScalar(string name, double value) =>
        scalars.TryGetValue(name, out float stored) && Math.Abs(stored - value) <= 1e-6 * Math.Abs(value);

    private void AddScalar(string name, OnnxTensorProto tensor)
    {
        if (tensor.DataType != OnnxDataType.Float || tensor.IsExternal || tensor.HasOtherTypedData || tensor.ElementCount() != 1) return;
        var values = tensor.ToFloats(name);
        if (values.Length == 1) scalars.TryAdd(name, values[0]);
    }

    private OnnxNodeProto Fused(string opType, string x, int first, int last, string? approximate)
    {
        var node = new OnnxNodeProto { Name = $"{Label(first)} … {Label(last)}", OpType = opType };
        node.Inputs.Add(x);
        node.Outputs.Add(nodes[last].Outputs[0]);
        if (approximate is not null)
        {
            node.Attributes.Add(new OnnxAttributeProto { Name = "approximate", Type = OnnxAttributeType.String, Bytes = Encoding.UTF8.GetBytes(approximate) });
        }

        return node;
    }

    private string Label(int index) => nodes[index].Name.Length > 0 ? nodes[index].Name
        : nodes[index].Outputs is [var output, ..] ? output : nodes[index].OpType;

    /// <summary>The pattern's node indices, its last node (where the fused node goes) and the fused node.</summary>
    private sealed record Match(int[] Members, int Last, OnnxNodeProto Node);
}
