namespace Nn.Dense.Onnx;

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

    public static OnnxAttributeProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxAttributeProto(), static (attribute, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: attribute.Name = reader.ReadString(wire, "AttributeProto.name"); break;
                case 2: ProtoReader.Expect(wire, WireType.Fixed32, "AttributeProto.f"); attribute.Float = reader.ReadFixedFloat(); break;
                case 3: ProtoReader.Expect(wire, WireType.Varint, "AttributeProto.i"); attribute.Int = reader.ReadInt64(); break;
                case 4: attribute.Bytes = reader.ReadBytes(wire, "AttributeProto.s").ToArray(); break;
                case 5: attribute.Tensor = OnnxTensorProto.Parse(reader.ReadBytes(wire, "AttributeProto.t")); break;
                case 7: reader.ReadRepeatedFloats(wire, attribute.Floats, "AttributeProto.floats"); break;
                case 8: reader.ReadRepeatedInt64s(wire, attribute.Ints, "AttributeProto.ints"); break;
                case 20: ProtoReader.Expect(wire, WireType.Varint, "AttributeProto.type"); attribute.Type = (OnnxAttributeType)reader.ReadInt32(); break;
                case 6 or 9 or 10 or 11 or 14 or 15 or 22 or 23:
                    reader.Skip(wire);
                    attribute.HasOtherValue = true;
                    break;
                default: reader.Skip(wire); break;
            }
        });

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

    /// <summary>The value of a FLOAT attribute (or one that declares no type, as opset-1 models may).</summary>
    /// <exception cref="InvalidDataException">The attribute has another type; the message starts with <paramref name="where"/>.</exception>
    public float FloatValue(string where)
    {
        if (Type is not (OnnxAttributeType.Float or OnnxAttributeType.Undefined))
        {
            throw new InvalidDataException($"{where}: attribute '{Name}' has type {Type}; FLOAT expected.");
        }

        return Float;
    }

    /// <summary>The value of an INT attribute (or one that declares no type).</summary>
    /// <exception cref="InvalidDataException">The attribute has another type; the message starts with <paramref name="where"/>.</exception>
    public long IntValue(string where)
    {
        if (Type is not (OnnxAttributeType.Int or OnnxAttributeType.Undefined))
        {
            throw new InvalidDataException($"{where}: attribute '{Name}' has type {Type}; INT expected.");
        }

        return Int;
    }

    /// <summary>The refusal of an attribute the importer does not honour.</summary>
    public NotSupportedException Unsupported(string where) => new($"{where}: attribute '{Name}' is not supported.");
}
