using System.Buffers.Binary;

namespace Nn.Dense.Onnx;

// In-memory form of the ONNX protobuf messages this library reads and writes (onnx.proto,
// IR version 3 to 10). Only the fields the dense-network subset needs are kept; every other
// field is skipped by the reader (a model with them is still well-formed protobuf) and the
// importer decides what it can honour. Field numbers are those of onnx/onnx.proto.

/// <summary>ONNX TensorProto.DataType values used here.</summary>
internal enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    Uint8 = 2,
    Int8 = 3,
    Uint16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}

/// <summary>ONNX AttributeProto.AttributeType values.</summary>
internal enum OnnxAttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
    Tensors = 9,
    Graphs = 10,
    SparseTensor = 11,
    SparseTensors = 12,
    TypeProto = 13,
    TypeProtos = 14,
}

/// <summary>ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8.</summary>
internal sealed class OnnxModelProto
{
    public long IrVersion { get; set; }
    public string ProducerName { get; set; } = "";
    public List<(string Domain, long Version)> OpsetImports { get; } = [];
    public OnnxGraphProto? Graph { get; set; }

    /// <summary>Parses a whole ModelProto.</summary>
    /// <exception cref="InvalidDataException">The bytes are not well-formed protobuf of this shape.</exception>
    public static OnnxModelProto Parse(ReadOnlySpan<byte> bytes)
    {
        var model = new OnnxModelProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.Varint, "ModelProto.ir_version"); model.IrVersion = reader.ReadInt64(); break;
                case 2: ProtoReader.Expect(wire, WireType.LengthDelimited, "ModelProto.producer_name"); model.ProducerName = reader.ReadString(); break;
                case 7:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "ModelProto.graph");
                    model.Graph = OnnxGraphProto.Parse(reader.ReadBytes());
                    break;
                case 8:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "ModelProto.opset_import");
                    model.OpsetImports.Add(ParseOpset(reader.ReadBytes()));
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return model;
    }

    private static (string Domain, long Version) ParseOpset(ReadOnlySpan<byte> bytes)
    {
        string domain = "";
        long version = 0;
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.LengthDelimited, "OperatorSetIdProto.domain"); domain = reader.ReadString(); break;
                case 2: ProtoReader.Expect(wire, WireType.Varint, "OperatorSetIdProto.version"); version = reader.ReadInt64(); break;
                default: reader.Skip(wire); break;
            }
        }

        return (domain, version);
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
}

/// <summary>GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12, sparse_initializer = 15.</summary>
internal sealed class OnnxGraphProto
{
    public string Name { get; set; } = "";
    public List<OnnxNodeProto> Nodes { get; } = [];
    public List<OnnxTensorProto> Initializers { get; } = [];
    public List<OnnxValueInfoProto> Inputs { get; } = [];
    public List<OnnxValueInfoProto> Outputs { get; } = [];
    public int SparseInitializerCount { get; set; }

    public static OnnxGraphProto Parse(ReadOnlySpan<byte> bytes)
    {
        var graph = new OnnxGraphProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.node"); graph.Nodes.Add(OnnxNodeProto.Parse(reader.ReadBytes())); break;
                case 2: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.name"); graph.Name = reader.ReadString(); break;
                case 5: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.initializer"); graph.Initializers.Add(OnnxTensorProto.Parse(reader.ReadBytes())); break;
                case 11: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.input"); graph.Inputs.Add(OnnxValueInfoProto.Parse(reader.ReadBytes())); break;
                case 12: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.output"); graph.Outputs.Add(OnnxValueInfoProto.Parse(reader.ReadBytes())); break;
                case 15: ProtoReader.Expect(wire, WireType.LengthDelimited, "GraphProto.sparse_initializer"); reader.ReadBytes(); graph.SparseInitializerCount++; break;
                default: reader.Skip(wire); break;
            }
        }

        return graph;
    }

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

/// <summary>NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.</summary>
internal sealed class OnnxNodeProto
{
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];
    public string Name { get; set; } = "";
    public string OpType { get; set; } = "";
    public string Domain { get; set; } = "";
    public List<OnnxAttributeProto> Attributes { get; } = [];

    public static OnnxNodeProto Parse(ReadOnlySpan<byte> bytes)
    {
        var node = new OnnxNodeProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.input"); node.Inputs.Add(reader.ReadString()); break;
                case 2: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.output"); node.Outputs.Add(reader.ReadString()); break;
                case 3: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.name"); node.Name = reader.ReadString(); break;
                case 4: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.op_type"); node.OpType = reader.ReadString(); break;
                case 5: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.attribute"); node.Attributes.Add(OnnxAttributeProto.Parse(reader.ReadBytes())); break;
                case 7: ProtoReader.Expect(wire, WireType.LengthDelimited, "NodeProto.domain"); node.Domain = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }
        }

        return node;
    }

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
}

/// <summary>
/// AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7, ints = 8, type = 20.
/// Graph, string-list, tensor-list and sparse values are only counted (the subset has no use for them).
/// </summary>
internal sealed class OnnxAttributeProto
{
    public string Name { get; set; } = "";
    public OnnxAttributeType Type { get; set; }
    public float Float { get; set; }
    public long Int { get; set; }
    public byte[]? Bytes { get; set; }
    public OnnxTensorProto? Tensor { get; set; }
    public List<float> Floats { get; } = [];
    public List<long> Ints { get; } = [];
    public bool HasOtherValue { get; set; }

    public static OnnxAttributeProto Float32(string name, float value) => new() { Name = name, Type = OnnxAttributeType.Float, Float = value };

    public static OnnxAttributeProto Int64(string name, long value) => new() { Name = name, Type = OnnxAttributeType.Int, Int = value };

    public static OnnxAttributeProto Parse(ReadOnlySpan<byte> bytes)
    {
        var attribute = new OnnxAttributeProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.LengthDelimited, "AttributeProto.name"); attribute.Name = reader.ReadString(); break;
                case 2: ProtoReader.Expect(wire, WireType.Fixed32, "AttributeProto.f"); attribute.Float = reader.ReadFixedFloat(); break;
                case 3: ProtoReader.Expect(wire, WireType.Varint, "AttributeProto.i"); attribute.Int = reader.ReadInt64(); break;
                case 4: ProtoReader.Expect(wire, WireType.LengthDelimited, "AttributeProto.s"); attribute.Bytes = reader.ReadBytes().ToArray(); break;
                case 5: ProtoReader.Expect(wire, WireType.LengthDelimited, "AttributeProto.t"); attribute.Tensor = OnnxTensorProto.Parse(reader.ReadBytes()); break;
                case 7: ReadRepeatedFloats(ref reader, wire, attribute.Floats, "AttributeProto.floats"); break;
                case 8: ReadRepeatedInt64s(ref reader, wire, attribute.Ints, "AttributeProto.ints"); break;
                case 20: ProtoReader.Expect(wire, WireType.Varint, "AttributeProto.type"); attribute.Type = (OnnxAttributeType)reader.ReadInt32(); break;
                case 6 or 9 or 10 or 11 or 14 or 15 or 22 or 23:
                    reader.Skip(wire);
                    attribute.HasOtherValue = true;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return attribute;
    }

    public ProtoWriter Write()
    {
        var writer = new ProtoWriter();
        writer.WriteStringField(1, Name);
        switch (Type)
        {
            case OnnxAttributeType.Float: writer.WriteFloatField(2, Float); break;
            case OnnxAttributeType.Int: writer.WriteVarintField(3, Int); break;
            case OnnxAttributeType.Tensor when Tensor is not null: writer.WriteMessageField(5, Tensor.Write()); break;
            case OnnxAttributeType.Ints: writer.WritePackedInt64s(8, Ints.ToArray()); break;
            default: throw new InvalidOperationException($"Writing attribute type {Type} is not implemented.");
        }

        writer.WriteVarintField(20, (long)Type);
        return writer;
    }

    /// <summary>Repeated float, packed (wire type 2) or one per key (wire type 5), as protobuf allows.</summary>
    internal static void ReadRepeatedFloats(ref ProtoReader reader, WireType wire, List<float> into, string field)
    {
        if (wire == WireType.Fixed32)
        {
            into.Add(reader.ReadFixedFloat());
            return;
        }

        ProtoReader.Expect(wire, WireType.LengthDelimited, field);
        var packed = reader.ReadBytes();
        if (packed.Length % 4 != 0) throw ProtoReader.Corrupt($"packed {field} of {packed.Length} bytes, not a multiple of 4");
        into.EnsureCapacity(into.Count + packed.Length / 4);
        for (int i = 0; i < packed.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(packed.Slice(i, 4)));
    }

    /// <summary>Repeated int64, packed or one per key.</summary>
    internal static void ReadRepeatedInt64s(ref ProtoReader reader, WireType wire, List<long> into, string field)
    {
        if (wire == WireType.Varint)
        {
            into.Add(reader.ReadInt64());
            return;
        }

        ProtoReader.Expect(wire, WireType.LengthDelimited, field);
        var packed = new ProtoReader(reader.ReadBytes());
        while (!packed.AtEnd) into.Add(packed.ReadInt64());
    }
}

/// <summary>
/// TensorProto: dims = 1, data_type = 2, float_data = 4, int32_data = 5, string_data = 6,
/// int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11,
/// external_data = 13, data_location = 14.
/// </summary>
internal sealed class OnnxTensorProto
{
    public string Name { get; set; } = "";
    public List<long> Dims { get; } = [];
    public OnnxDataType DataType { get; set; }
    public byte[]? RawData { get; set; }
    public List<float> FloatData { get; } = [];
    public bool HasOtherTypedData { get; set; }
    public bool IsExternal { get; set; }

    /// <summary>A float tensor stored as raw_data (little-endian float32), the form exporters use.</summary>
    public static OnnxTensorProto FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Float, RawData = raw };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static OnnxTensorProto Parse(ReadOnlySpan<byte> bytes)
    {
        var tensor = new OnnxTensorProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: OnnxAttributeProto.ReadRepeatedInt64s(ref reader, wire, tensor.Dims, "TensorProto.dims"); break;
                case 2: ProtoReader.Expect(wire, WireType.Varint, "TensorProto.data_type"); tensor.DataType = (OnnxDataType)reader.ReadInt32(); break;
                case 4: OnnxAttributeProto.ReadRepeatedFloats(ref reader, wire, tensor.FloatData, "TensorProto.float_data"); break;
                case 8: ProtoReader.Expect(wire, WireType.LengthDelimited, "TensorProto.name"); tensor.Name = reader.ReadString(); break;
                case 9: ProtoReader.Expect(wire, WireType.LengthDelimited, "TensorProto.raw_data"); tensor.RawData = reader.ReadBytes().ToArray(); break;
                case 5 or 6 or 7 or 10 or 11:
                    reader.Skip(wire);
                    tensor.HasOtherTypedData = true;
                    break;
                case 13:
                    reader.Skip(wire);
                    tensor.IsExternal = true;
                    break;
                case 14:
                    ProtoReader.Expect(wire, WireType.Varint, "TensorProto.data_location");
                    if (reader.ReadInt64() != 0) tensor.IsExternal = true;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return tensor;
    }

    public ProtoWriter Write()
    {
        var writer = new ProtoWriter();
        writer.WritePackedInt64s(1, Dims.ToArray());
        writer.WriteVarintField(2, (long)DataType);
        if (FloatData.Count > 0) writer.WritePackedFloats(4, FloatData.ToArray());
        if (Name.Length > 0) writer.WriteStringField(8, Name);
        if (RawData is not null) writer.WriteBytesField(9, RawData);
        if (IsExternal) writer.WriteVarintField(14, 1);
        return writer;
    }

    /// <summary>The element count the dims declare, or −1 if a dim is negative or the product overflows.</summary>
    public long ElementCount()
    {
        long count = 1;
        foreach (long dim in Dims)
        {
            if (dim < 0) return -1;
            if (dim != 0 && count > long.MaxValue / dim) return -1;
            count *= dim;
        }

        return count;
    }

    /// <summary>
    /// The values of a float tensor, from raw_data or float_data. The stored count must equal the
    /// count the dims declare, so the array allocated is never larger than the data read.
    /// </summary>
    /// <exception cref="InvalidDataException">The data does not match the dims.</exception>
    public float[] ToFloats(string owner)
    {
        long expected = ElementCount();
        if (expected < 0) throw new InvalidDataException($"{owner}: tensor '{Name}' has impossible dims [{string.Join(", ", Dims)}].");
        if (RawData is not null)
        {
            if (RawData.Length != expected * 4)
            {
                throw new InvalidDataException(
                    $"{owner}: tensor '{Name}' has {RawData.Length} bytes of raw_data; dims [{string.Join(", ", Dims)}] need {expected * 4}.");
            }

            var values = new float[expected];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(RawData.AsSpan(i * 4));
            return values;
        }

        if (FloatData.Count != expected)
        {
            throw new InvalidDataException(
                $"{owner}: tensor '{Name}' has {FloatData.Count} float_data values; dims [{string.Join(", ", Dims)}] need {expected}.");
        }

        return FloatData.ToArray();
    }
}

/// <summary>
/// ValueInfoProto (name = 1, type = 2) with its TypeProto.tensor_type (elem_type = 1, shape = 2);
/// each TensorShapeProto.Dimension is a dim_value (1) or a dim_param (2).
/// </summary>
internal sealed class OnnxValueInfoProto
{
    public string Name { get; set; } = "";
    public bool IsTensor { get; set; }
    public OnnxDataType ElementType { get; set; }
    public bool HasShape { get; set; }

    /// <summary>Per dimension: its value, or null for a symbolic or unknown dimension.</summary>
    public List<long?> Shape { get; } = [];

    /// <summary>Per dimension: its symbolic name when it has one.</summary>
    public List<string?> ShapeParams { get; } = [];

    public static OnnxValueInfoProto Tensor(string name, OnnxDataType elementType, params object[] dims)
    {
        var info = new OnnxValueInfoProto { Name = name, IsTensor = true, ElementType = elementType, HasShape = true };
        foreach (var dim in dims)
        {
            info.Shape.Add(dim is string ? null : Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
            info.ShapeParams.Add(dim as string);
        }

        return info;
    }

    public static OnnxValueInfoProto Parse(ReadOnlySpan<byte> bytes)
    {
        var info = new OnnxValueInfoProto();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.LengthDelimited, "ValueInfoProto.name"); info.Name = reader.ReadString(); break;
                case 2: ProtoReader.Expect(wire, WireType.LengthDelimited, "ValueInfoProto.type"); info.ParseType(reader.ReadBytes()); break;
                default: reader.Skip(wire); break;
            }
        }

        return info;
    }

    private void ParseType(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(wire, WireType.LengthDelimited, "TypeProto.tensor_type");
            IsTensor = true;
            var tensorType = new ProtoReader(reader.ReadBytes());
            while (tensorType.TryReadTag(out int tensorField, out var tensorWire))
            {
                switch (tensorField)
                {
                    case 1: ProtoReader.Expect(tensorWire, WireType.Varint, "TypeProto.Tensor.elem_type"); ElementType = (OnnxDataType)tensorType.ReadInt32(); break;
                    case 2:
                        ProtoReader.Expect(tensorWire, WireType.LengthDelimited, "TypeProto.Tensor.shape");
                        HasShape = true;
                        ParseShape(tensorType.ReadBytes());
                        break;
                    default: tensorType.Skip(tensorWire); break;
                }
            }
        }
    }

    private void ParseShape(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(wire, WireType.LengthDelimited, "TensorShapeProto.dim");
            var dim = new ProtoReader(reader.ReadBytes());
            long? value = null;
            string? param = null;
            while (dim.TryReadTag(out int dimField, out var dimWire))
            {
                switch (dimField)
                {
                    case 1: ProtoReader.Expect(dimWire, WireType.Varint, "Dimension.dim_value"); value = dim.ReadInt64(); break;
                    case 2: ProtoReader.Expect(dimWire, WireType.LengthDelimited, "Dimension.dim_param"); param = dim.ReadString(); break;
                    default: dim.Skip(dimWire); break;
                }
            }

            Shape.Add(value);
            ShapeParams.Add(param);
        }
    }

    public ProtoWriter Write()
    {
        var shape = new ProtoWriter();
        for (int i = 0; i < Shape.Count; i++)
        {
            var dim = new ProtoWriter();
            if (ShapeParams[i] is { } param) dim.WriteStringField(2, param);
            else if (Shape[i] is { } value) dim.WriteVarintField(1, value);
            shape.WriteMessageField(1, dim);
        }

        var tensorType = new ProtoWriter();
        tensorType.WriteVarintField(1, (long)ElementType);
        if (HasShape) tensorType.WriteMessageField(2, shape);
        var type = new ProtoWriter();
        type.WriteMessageField(1, tensorType);

        var writer = new ProtoWriter();
        writer.WriteStringField(1, Name);
        writer.WriteMessageField(2, type);
        return writer;
    }
}
