namespace Nn.Dense.Onnx;

/// <summary>GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12, sparse_initializer = 15.</summary>
internal sealed class OnnxGraphProto
{
    public string Name { get; set; } = "";
    public List<OnnxNodeProto> Nodes { get; } = [];
    public List<OnnxTensorProto> Initializers { get; } = [];
    public List<OnnxValueInfoProto> Inputs { get; } = [];
    public List<OnnxValueInfoProto> Outputs { get; } = [];
    public int SparseInitializerCount { get; set; }

    public static OnnxGraphProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxGraphProto(), static (graph, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: graph.Nodes.Add(OnnxNodeProto.Parse(reader.ReadBytes(wire, "GraphProto.node"))); break;
                case 2: graph.Name = reader.ReadString(wire, "GraphProto.name"); break;
                case 5: graph.Initializers.Add(OnnxTensorProto.Parse(reader.ReadBytes(wire, "GraphProto.initializer"))); break;
                case 11: graph.Inputs.Add(OnnxValueInfoProto.Parse(reader.ReadBytes(wire, "GraphProto.input"))); break;
                case 12: graph.Outputs.Add(OnnxValueInfoProto.Parse(reader.ReadBytes(wire, "GraphProto.output"))); break;
                case 15: reader.ReadBytes(wire, "GraphProto.sparse_initializer"); graph.SparseInitializerCount++; break;
                default: reader.Skip(wire); break;
            }
        });

    public ProtoWriter Write()
    {
        var writer = new ProtoWriter();
        foreach (var node in Nodes) writer.WriteMessageField(1, node.Write());
        if (Name.Length > 0) writer.WriteStringField(2, Name);
        foreach (var tensor in Initializers) writer.WriteMessageField(5, tensor.Write());
        foreach (var input in Inputs) writer.WriteMessageField(11, input.Write());
        foreach (var output in Outputs) writer.WriteMessageField(12, output.Write());
        return writer;
    }
}
