namespace Nn.Dense.Onnx;

/// <summary>ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8.</summary>
/// <remarks>
/// The Onnx*Proto classes are the in-memory form of the ONNX protobuf messages this library reads
/// and writes (onnx.proto, IR version 3 to 10). Only the fields the dense-network subset needs are
/// kept; every other field is skipped by the reader (a model with them is still well-formed
/// protobuf) and the importer decides what it can honour. Field numbers are those of onnx/onnx.proto.
/// </remarks>
internal sealed class OnnxModelProto
{
    public long IrVersion { get; set; }
    public string ProducerName { get; set; } = "";
    public List<(string Domain, long Version)> OpsetImports { get; } = [];
    public OnnxGraphProto? Graph { get; set; }

    /// <summary>Parses a whole ModelProto.</summary>
    /// <exception cref="InvalidDataException">The bytes are not well-formed protobuf of this shape.</exception>
    public static OnnxModelProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxModelProto(), static (model, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.Varint, "ModelProto.ir_version"); model.IrVersion = reader.ReadInt64(); break;
                case 2: model.ProducerName = reader.ReadString(wire, "ModelProto.producer_name"); break;
                case 7: model.Graph = OnnxGraphProto.Parse(reader.ReadBytes(wire, "ModelProto.graph")); break;
                case 8: model.OpsetImports.Add(ParseOpset(reader.ReadBytes(wire, "ModelProto.opset_import"))); break;
                default: reader.Skip(wire); break;
            }
        });

    /// <summary>OperatorSetIdProto: domain = 1, version = 2.</summary>
    private static (string Domain, long Version) ParseOpset(ReadOnlySpan<byte> bytes)
    {
        var opset = ProtoReader.ReadMessage(bytes, new OperatorSetId(), static (opset, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: opset.Domain = reader.ReadString(wire, "OperatorSetIdProto.domain"); break;
                case 2: ProtoReader.Expect(wire, WireType.Varint, "OperatorSetIdProto.version"); opset.Version = reader.ReadInt64(); break;
                default: reader.Skip(wire); break;
            }
        });
        return (opset.Domain, opset.Version);
    }

    public byte[] ToArray()
    {
        var writer = new ProtoWriter();
        writer.WriteVarintField(1, IrVersion);
        if (ProducerName.Length > 0) writer.WriteStringField(2, ProducerName);
        if (Graph is not null) writer.WriteMessageField(7, Graph.Write());
        foreach (var (domain, version) in OpsetImports)
        {
            var opset = new ProtoWriter();
            if (domain.Length > 0) opset.WriteStringField(1, domain);
            opset.WriteVarintField(2, version);
            writer.WriteMessageField(8, opset);
        }

        return writer.ToArray();
    }

    private sealed class OperatorSetId
    {
        public string Domain { get; set; } = "";
        public long Version { get; set; }
    }
}
