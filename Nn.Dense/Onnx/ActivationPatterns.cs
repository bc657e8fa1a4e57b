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

    private readonly PatternGraph graph;
    private readonly List<OnnxNodeProto> nodes;

    private ActivationPatterns(OnnxGraphProto graph, List<OnnxNodeProto> nodes)
    {
        this.graph = new PatternGraph(graph, nodes);
        this.nodes = nodes;
    }

    /// <summary>The nodes (the graph's, or an earlier rewrite of them) with every recognised multi-node activation replaced by one node.</summary>
    public static List<OnnxNodeProto> Fuse(OnnxGraphProto graph, List<OnnxNodeProto> nodes) => new ActivationPatterns(graph, nodes).Fuse();

    private List<OnnxNodeProto> Fuse() => graph.Rewrite(i => nodes[i].OpType switch
    {
        "Erf" => MatchGelu(i),
        "Tanh" => MatchGeluTanh(i),
        "Sigmoid" => MatchSilu(i),
        _ => null,
    });

    /// <summary>Div(x, √2) | Mul(x, 1/√2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, ½), anchored at the Erf.</summary>
    private PatternMatch? MatchGelu(int erf)
    {
        if (graph.Producer(nodes[erf].Inputs, "Div", "Mul") is not { } scale || !graph.IsSoleConsumer(nodes[scale].Outputs[0], erf)) return null;
        var scaleNode = nodes[scale];
        string? x = scaleNode.OpType == "Div"
            ? (scaleNode.Inputs.Count == 2 && graph.IsScalar(scaleNode.Inputs[1], Sqrt2) ? scaleNode.Inputs[0] : null)
            : PatternGraph.OtherOperand(scaleNode, v => graph.IsScalar(v, 1 / Sqrt2));
        if (x is null) return null;
        if (graph.Next(erf, "Add", v => graph.IsScalar(v, 1)) is not { } add) return null;
        if (graph.Next(add, "Mul", v => v == x) is not { } product) return null;
        if (graph.Next(product, "Mul", v => graph.IsScalar(v, 0.5)) is not { } half) return null;
        return new PatternMatch([scale, erf, add, product, half], half, Gelu(x, scale, half, approximate: null));
    }

    /// <summary>The tanh form (see the class summary), anchored at the Tanh.</summary>
    private PatternMatch? MatchGeluTanh(int tanh)
    {
        if (graph.Producer(nodes[tanh].Inputs, "Mul") is not { } scaled || !graph.IsSoleConsumer(nodes[scaled].Outputs[0], tanh)) return null;
        if (PatternGraph.OtherOperand(nodes[scaled], v => graph.IsScalar(v, SqrtTwoOverPi)) is not { } innerName) return null;
        if (!graph.TryGetProducer(innerName, out int inner) || nodes[inner].OpType != "Add" || !graph.IsSoleConsumer(innerName, scaled)) return null;
        foreach (string x in nodes[inner].Inputs.Distinct())
        {
            if (PatternGraph.OtherOperand(nodes[inner], v => v == x) is not { } cubicName || CubicTerm(cubicName, x, inner) is not { } cubic) continue;
            if (graph.Next(tanh, "Add", v => graph.IsScalar(v, 1)) is not { } add) return null;
            if (graph.Next(add, "Mul", v => v == x) is not { } product) return null;
            if (graph.Next(product, "Mul", v => graph.IsScalar(v, 0.5)) is not { } half) return null;
            int[] members = [.. cubic, inner, scaled, tanh, add, product, half];
            return new PatternMatch(members, half, Gelu(x, cubic[0], half, approximate: "tanh"));
        }

        return null;
    }

    /// <summary>Mul(0.044715, x³) with x³ = Mul(x, Mul(x, x)) or Pow(x, 3), feeding only <paramref name="consumer"/>; the nodes, first to last.</summary>
    private int[]? CubicTerm(string name, string x, int consumer)
    {
        if (!graph.TryGetProducer(name, out int term) || nodes[term].OpType != "Mul" || !graph.IsSoleConsumer(name, consumer)) return null;
        if (PatternGraph.OtherOperand(nodes[term], v => graph.IsScalar(v, 0.044715)) is not { } cubeName) return null;
        if (!graph.TryGetProducer(cubeName, out int cube) || !graph.IsSoleConsumer(cubeName, term)) return null;
        var cubeNode = nodes[cube];
        if (cubeNode.OpType == "Pow" && cubeNode.Inputs.Count == 2 && cubeNode.Inputs[0] == x && graph.IsScalar(cubeNode.Inputs[1], 3)) return [cube, term];
        if (cubeNode.OpType != "Mul" || PatternGraph.OtherOperand(cubeNode, v => v == x) is not { } squareName) return null;
        if (!graph.TryGetProducer(squareName, out int square) || !graph.IsSoleConsumer(squareName, cube)) return null;
        return nodes[square] is { OpType: "Mul", Inputs: [var a, var b] } && a == x && b == x ? [square, cube, term] : null;
    }

    /// <summary>Sigmoid(x) → Mul(x, ·), anchored at the Sigmoid.</summary>
    private PatternMatch? MatchSilu(int sigmoid)
    {
        if (nodes[sigmoid].Inputs is not [var x]) return null;
        if (graph.Next(sigmoid, "Mul", v => v == x) is not { } product) return null;
        return new PatternMatch([sigmoid, product], product, graph.Fused("Silu", sigmoid, product, x));
    }

    private OnnxNodeProto Gelu(string x, int first, int last, string? approximate)
    {
        var node = graph.Fused("Gelu", first, last, x);
        if (approximate is not null)
        {
            node.Attributes.Add(new OnnxAttributeProto { Name = "approximate", Type = OnnxAttributeType.String, Bytes = Encoding.UTF8.GetBytes(approximate) });
        }

        return node;
    }
}
