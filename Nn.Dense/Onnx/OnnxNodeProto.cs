namespace Nn.Dense.Onnx;

/// <summary>NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.</summary>
internal sealed class OnnxNodeProto
{
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];
    public string Name { get; set; } = "";
    public string OpType { get; set; } = "";
    public string Domain { get; set; } = "";
    public List<OnnxAttributeProto> Attributes { get; } = [];

    public static OnnxNodeProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxNodeProto(), static (node, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: node.Inputs.Add(reader.ReadString(wire, "NodeProto.input")); break;
                case 2: node.Outputs.Add(reader.ReadString(wire, "NodeProto.output")); break;
                case 3: node.Name = reader.ReadString(wire, "NodeProto.name"); break;
                case 4: node.OpType = reader.ReadString(wire, "NodeProto.op_type"); break;
                case 5: node.Attributes.Add(OnnxAttributeProto.Parse(reader.ReadBytes(wire, "NodeProto.attribute"))); break;
                case 7: node.Domain = reader.ReadString(wire, "NodeProto.domain"); break;
                default: reader.Skip(wire); break;
            }
        });

    public ProtoWriter Write()
    {
        var writer = new ProtoWriter();
        foreach (var input in Inputs) writer.WriteStringField(1, input);
        foreach (var output in Outputs) writer.WriteStringField(2, output);
        if (Name.Length > 0) writer.WriteStringField(3, Name);
        writer.WriteStringField(4, OpType);
        foreach (var attribute in Attributes) writer.WriteMessageField(5, attribute.Write());
        if (Domain.Length > 0) writer.WriteStringField(7, Domain);
        return writer;
    }

    /// <summary>A readable name for messages: the node's name, else its op type and first output.</summary>
    public string Describe() =>
        Name.Length > 0 ? $"'{Name}' ({OpType})" : $"{OpType} node producing '{(Outputs.Count > 0 ? Outputs[0] : "")}'";

    /// <summary>Refuses a node that carries any attribute (for operators the importer takes only in their plain form).</summary>
    /// <exception cref="NotSupportedException">The node has an attribute; the message starts with <paramref name="where"/>.</exception>
    public void RequireNoAttributes(string where)
    {
        if (Attributes.Count > 0) throw Attributes[0].Unsupported(where);
    }
}
