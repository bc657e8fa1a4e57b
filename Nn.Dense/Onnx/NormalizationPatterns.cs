using System.Globalization;

namespace Nn.Dense.Onnx;

/// <summary>
/// Finds layer normalization as torch.onnx writes nn.LayerNorm below opset 17, element-wise over the last axis:
/// μ = ReduceMean(x) → d = Sub(x, μ) → Pow(d, 2) → ReduceMean → Add(·, ε) → Sqrt → Div(d, ·) → Mul(·, γ) → Add(·, β)
/// (the Mul and Add absent without elementwise_affine; operands of Add and Mul in either order), and replaces it by one
/// <c>LayerNormalization(x, γ, β)</c> node with axis −1 and that ε, which the chain builder reads like the opset-17 node.
/// Once a ReduceMean over x feeds Sub(x, ·) the nodes can only be this pattern, so anything else from there on (another
/// axis, keepdims = 0, an exponent other than 2, a non-constant ε, γ or β, a value that feeds other nodes too) is
/// refused naming the node and what was expected, rather than left for a vaguer refusal.
/// </summary>
internal sealed class NormalizationPatterns
{
    private const string Form = "ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div, Mul γ, Add β";

    private readonly PatternGraph graph;
    private readonly List<OnnxNodeProto> nodes;

    private NormalizationPatterns(OnnxGraphProto graph)
    {
        nodes = graph.Nodes;
        this.graph = new PatternGraph(graph, nodes);
    }

    /// <summary>The graph's nodes with every written-out layer normalization replaced by one LayerNormalization node.</summary>
    /// <exception cref="NotSupportedException">A layer normalization written out in another form (see the class summary).</exception>
    public static List<OnnxNodeProto> Fuse(OnnxGraphProto graph) => new NormalizationPatterns(graph).Fuse();

    private List<OnnxNodeProto> Fuse() => graph.Rewrite(i => nodes[i].OpType == "ReduceMean" ? MatchLayerNormalization(i) : null);

    private PatternMatch? MatchLayerNormalization(int mean)
    {
        if (nodes[mean] is not { Inputs: [var x], Outputs: [_] }) return null;
        if (graph.Next(mean, "Sub", v => v == x) is not { } sub || nodes[sub].Inputs[0] != x) return null;

        RequireLastAxis(mean);
        string deviation = nodes[sub].Outputs[0];
        var readers = graph.Readers(deviation, sub);
        int pow = readers.Find(r => nodes[r].OpType == "Pow"), divide = readers.Find(r => nodes[r].OpType == "Div");
        if (!graph.IsIntermediate(deviation) || readers.Count != 2 || pow == 0 || divide == 0)
        {
            throw Refusal(sub, "its difference x − mean must feed exactly one Pow and one Div");
        }

        if (nodes[pow] is not { Inputs: [_, var exponent], Outputs: [_] } || nodes[pow].Inputs[0] != deviation || !graph.IsScalar(exponent, 2))
        {
            throw Refusal(pow, "the exponent must be the constant 2");
        }

        int variance = Require(graph.NextUnary(pow, "ReduceMean"), pow, "its square must feed only a ReduceMean");
        RequireLastAxis(variance);
        float epsilon = 0;
        int add = Require(graph.Next(variance, "Add", v => graph.TryGetScalar(v, out epsilon)), variance, "the variance must feed only an Add of a constant scalar ε");
        int sqrt = Require(graph.NextUnary(add, "Sqrt"), add, "variance + ε must feed only a Sqrt");
        if (!graph.IsSoleConsumer(nodes[sqrt].Outputs[0], divide) || nodes[divide].Inputs is not [var numerator, _] || numerator != deviation)
        {
            throw Refusal(divide, "it must divide x − mean by the Sqrt, and the Sqrt must feed only it");
        }

        var members = new List<int> { mean, sub, pow, variance, add, sqrt, divide };
        string scale = "", shift = "";
        if (graph.Next(divide, "Mul", graph.IsConstant) is { } multiply)
        {
            scale = PatternGraph.OtherOperand(nodes[multiply], v => v == nodes[divide].Outputs[0])!;
            members.Add(multiply);
            if (graph.Next(multiply, "Add", graph.IsConstant) is { } addShift)
            {
                shift = PatternGraph.OtherOperand(nodes[addShift], v => v == nodes[multiply].Outputs[0])!;
                members.Add(addShift);
            }
        }

        var fused = graph.Fused("LayerNormalization", mean, members[^1], x, scale, shift);
        fused.Attributes.Add(OnnxAttributeProto.Int64("axis", -1));
        fused.Attributes.Add(OnnxAttributeProto.Float32("epsilon", epsilon));
        return new PatternMatch([.. members], members[^1], fused);
    }

    /// <summary>ReduceMean over the last axis with the reduced axis kept, as the pattern needs (axes as an attribute: opsets below 18).</summary>
    private void RequireLastAxis(int reduce)
    {
        var node = nodes[reduce];
        if (node.Inputs.Count != 1) throw Refusal(reduce, "the axes must be the attribute [-1] (an axes input, opset 18, is not supported)");
        bool lastAxis = false;
        foreach (var attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "axes" when attribute.Ints is [-1]: lastAxis = true; break;
                case "keepdims" when attribute.Type is OnnxAttributeType.Int && attribute.Int == 1: break;
                default: throw Refusal(reduce, $"attribute '{attribute.Name}' must be axes = [-1] (keepdims 1 if given)");
            }
        }

        if (!lastAxis) throw Refusal(reduce, "the axes must be [-1], the features");
    }

    private int Require(int? found, int after, string expected) => found ?? throw Refusal(after, expected);

    private NotSupportedException Refusal(int index, string expected) => new(string.Create(CultureInfo.InvariantCulture,
        $"Node {nodes[index].Describe()}: part of a layer normalization written out ({Form}), but {expected}; only that exact form is supported."));
}
