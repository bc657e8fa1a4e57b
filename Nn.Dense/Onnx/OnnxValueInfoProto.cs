namespace Nn.Dense.Onnx;

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

    public static OnnxValueInfoProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxValueInfoProto(), static (info, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: info.Name = reader.ReadString(wire, "ValueInfoProto.name"); break;
                case 2: ParseType(info, reader.ReadBytes(wire, "ValueInfoProto.type")); break;
                default: reader.Skip(wire); break;
            }
        });

    /// <summary>TypeProto: only tensor_type (1) is read; a value of any other type stays non-tensor.</summary>
    private static void ParseType(OnnxValueInfoProto info, ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, info, static (info, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1:
                    var tensorType = reader.ReadBytes(wire, "TypeProto.tensor_type");
                    info.IsTensor = true;
                    ParseTensorType(info, tensorType);
                    break;
                default: reader.Skip(wire); break;
            }
        });

    /// <summary>TypeProto.Tensor: elem_type = 1, shape = 2.</summary>
    private static void ParseTensorType(OnnxValueInfoProto info, ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, info, static (info, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.Varint, "TypeProto.Tensor.elem_type"); info.ElementType = (OnnxDataType)reader.ReadInt32(); break;
                case 2:
                    var shape = reader.ReadBytes(wire, "TypeProto.Tensor.shape");
                    info.HasShape = true;
                    ProtoReader.ReadMessage(shape, info, ReadShapeField);
                    break;
                default: reader.Skip(wire); break;
            }
        });

    /// <summary>TensorShapeProto: each dim (1) adds one entry to <see cref="Shape"/> and <see cref="ShapeParams"/>.</summary>
    private static void ReadShapeField(OnnxValueInfoProto info, ref ProtoReader reader, int field, WireType wire)
    {
        if (field != 1)
        {
            reader.Skip(wire);
            return;
        }

        var dim = ProtoReader.ReadMessage(reader.ReadBytes(wire, "TensorShapeProto.dim"), new Dimension(), static (dim, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(wire, WireType.Varint, "Dimension.dim_value"); dim.Value = reader.ReadInt64(); break;
                case 2: dim.Param = reader.ReadString(wire, "Dimension.dim_param"); break;
                default: reader.Skip(wire); break;
            }
        });
        info.Shape.Add(dim.Value);
        info.ShapeParams.Add(dim.Param);
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

    /// <summary>TensorShapeProto.Dimension as it is read.</summary>
    private sealed class Dimension
    {
        public long? Value { get; set; }
        public string? Param { get; set; }
    }
}
