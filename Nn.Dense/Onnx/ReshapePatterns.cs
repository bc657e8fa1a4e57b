namespace Nn.Dense.Onnx;

/// <summary>
/// Finds the shape torch.onnx computes for <c>x.view(x.size(0), -1)</c> when the batch is dynamic (dynamic_axes):
/// Shape(x) → Gather(·, scalar 0, axis 0) → Unsqueeze(axes [0]) → Concat(·, [−1], axis 0) → Reshape(x, ·), the axes
/// an attribute (opset &lt; 13) or a constant input (opset 13 on), the [−1] a constant or, without constant folding,
/// Unsqueeze(scalar −1, axes [0]). That shape is [batch, −1] whatever the batch, which is what the constant [0, −1]
/// says (0: copy x's first dimension), so the Shape to Concat nodes are replaced by one Constant [0, −1] under the
/// Concat's output name and the Reshape, left as it is, is read by the chain builder like any constant-shape Reshape
/// (a no-op that keeps [batch, features], like Flatten). Once a Shape node appears the nodes can only be this pattern,
/// so anything else from there on (another index or axis, a Concat with something other than [−1], a Reshape of
/// another value than the Shape reads, a value that feeds other nodes too) is refused naming the node.
/// </summary>
internal sealed class ReshapePatterns(OnnxGraphProto source, List<OnnxNodeProto> nodes)
{
    private const string Form = "Shape(x), Gather 0, Unsqueeze [0], Concat with [-1], Reshape(x, ·)";

    private readonly PatternGraph graph = new(source, nodes);
    private readonly List<OnnxNodeProto> nodes = nodes;

    /// <summary>The nodes with every "keep the batch, flatten the rest" shape computation replaced by the constant [0, −1].</summary>
    /// <exception cref="NotSupportedException">A Shape node that does not start exactly this pattern (see the class summary).</exception>
    public static List<OnnxNodeProto> Fuse(OnnxGraphProto graph, List<OnnxNodeProto> nodes) => new ReshapePatterns(graph, nodes).Fuse();

    private List<OnnxNodeProto> Fuse() => graph.Rewrite(i => nodes[i].OpType == "Shape" ? MatchKeepBatch(i) : null);

    private PatternMatch MatchKeepBatch(int shape)
    {
        // Shape's start and end attributes (opset 15) would take another slice of the dimensions.
        if (nodes[shape] is not { Inputs: [var x], Outputs: [_], Attributes.Count: 0 }) throw Refusal(shape, "it must take the shape of one value, whole");
        int gather = Reader(shape, "Gather", "its output must feed only a Gather");
        if (nodes[gather] is not { Inputs: [_, var index], Outputs: [_] } || graph.Int64s(index, rank: 0) is not [0] || !OnlyAttribute(gather, "axis", 0))
        {
            throw Refusal(gather, "it must take element 0, the batch size (a scalar INT64 constant index, axis 0)");
        }

        int unsqueeze = Reader(gather, "Unsqueeze", "the batch size must feed only an Unsqueeze");
        if (!UnsqueezesToFirstAxis(unsqueeze)) throw Refusal(unsqueeze, "the axes must be [0] (an attribute, or a constant input from opset 13)");
        int concat = Reader(unsqueeze, "Concat", "its output must feed only a Concat");
        var members = new List<int> { shape, gather, unsqueeze };
        if (nodes[concat] is not { Inputs: [_, var rest], Outputs: [_], Attributes: [{ Name: "axis", Type: OnnxAttributeType.Int, Int: 0 }] }
            || !IsMinusOne(rest, concat, members))
        {
            throw Refusal(concat, "it must join the batch size, then the constant [-1], along axis 0");
        }

        int reshape = Reader(concat, "Reshape", "the shape must feed only a Reshape, as its shape", position: 1);
        if (nodes[reshape].Inputs is not [var data, _] || data != x) throw Refusal(reshape, $"it must reshape '{x}', the value the Shape reads");

        members.Add(concat);
        var constant = graph.Fused("Constant", shape, concat);
        var keepBatch = new OnnxTensorProto { Name = constant.Outputs[0], DataType = OnnxDataType.Int64 };
        keepBatch.Dims.Add(2);
        keepBatch.Int64Data.AddRange([0, -1]);
        constant.Attributes.Add(new OnnxAttributeProto { Name = "value", Type = OnnxAttributeType.Tensor, Tensor = keepBatch });
        return new PatternMatch([.. members], concat, constant);
    }

    /// <summary>The node of type <paramref name="opType"/> that alone reads node <paramref name="from"/>'s output, as its input <paramref name="position"/>.</summary>
    private int Reader(int from, string opType, string expected, int position = 0) =>
        graph.SoleReader(from) is { } next && nodes[next].OpType == opType && nodes[next].Inputs.Count > position
            && nodes[next].Inputs[position] == nodes[from].Outputs[0] ? next : throw Refusal(from, expected);

    /// <summary>Unsqueeze with axes [0]: the attribute (opsets below 13) or a constant second input (opset 13 on), not both.</summary>
    private bool UnsqueezesToFirstAxis(int unsqueeze) => nodes[unsqueeze] switch
    {
        { Inputs: [_], Outputs: [_], Attributes: [{ Name: "axes", Ints: [0] }] } => true,
        { Inputs: [_, var axes], Outputs: [_], Attributes.Count: 0 } => graph.Int64s(axes, rank: 1) is [0],
        _ => false,
    };

    /// <summary>The constant [−1], or Unsqueeze(scalar −1, axes [0]) feeding only <paramref name="concat"/> (then added to <paramref name="members"/>).</summary>
    private bool IsMinusOne(string value, int concat, List<int> members)
    {
        if (graph.Int64s(value, rank: 1) is [-1]) return true;
        if (!graph.TryGetProducer(value, out int unsqueeze) || !graph.IsSoleConsumer(value, concat) || nodes[unsqueeze].OpType != "Unsqueeze") return false;
        if (!UnsqueezesToFirstAxis(unsqueeze) || graph.Int64s(nodes[unsqueeze].Inputs[0], rank: 0) is not [-1]) return false;
        members.Add(unsqueeze);
        return true;
    }

    private bool OnlyAttribute(int index, string name, long value) =>
        nodes[index].Attributes.All(a => a.Name == name && a.Type is OnnxAttributeType.Int && a.Int == value);

    private NotSupportedException Refusal(int index, string expected) =>
        new($"Node {nodes[index].Describe()}: part of a reshape to [batch, -1] computed from the batch size ({Form}), but {expected}; only that exact form is supported.");
}
