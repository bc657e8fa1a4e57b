using System.Buffers.Binary;

namespace Nn.Dense.Onnx;

/// <summary>
/// TensorProto: dims = 1, data_type = 2, float_data = 4, int32_data = 5, string_data = 6,
/// int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11,
/// external_data = 13, data_location = 14. Values are read for FLOAT, DOUBLE (converted by
/// <see cref="OnnxDoubleConversion"/>) and INT64 (Reshape's shape); other typed fields are only noted.
/// </summary>
internal sealed class OnnxTensorProto
{
    public string Name { get; set; } = "";
    public List<long> Dims { get; } = [];
    public OnnxDataType DataType { get; set; }
    public byte[]? RawData { get; set; }
    public List<float> FloatData { get; } = [];
    public List<double> DoubleData { get; } = [];
    public List<long> Int64Data { get; } = [];
    public bool IsExternal { get; set; }

    /// <summary>Data in a typed field that is not the one of <see cref="DataType"/> (a self-contradicting tensor).</summary>
    public bool HasOtherTypedData =>
        otherTypedData || (FloatData.Count > 0 && DataType != OnnxDataType.Float) || (DoubleData.Count > 0 && DataType != OnnxDataType.Double)
        || (Int64Data.Count > 0 && DataType != OnnxDataType.Int64);

    private bool otherTypedData;

    /// <summary>A float tensor stored as raw_data (little-endian float32), the form exporters use.</summary>
    public static OnnxTensorProto FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        var tensor = new OnnxTensorProto { Name = name, DataType = OnnxDataType.Float, RawData = raw };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static OnnxTensorProto Parse(ReadOnlySpan<byte> bytes) =>
        ProtoReader.ReadMessage(bytes, new OnnxTensorProto(), static (tensor, ref reader, field, wire) =>
        {
            switch (field)
            {
                case 1: reader.ReadRepeatedInt64s(wire, tensor.Dims, "TensorProto.dims"); break;
                case 2: ProtoReader.Expect(wire, WireType.Varint, "TensorProto.data_type"); tensor.DataType = (OnnxDataType)reader.ReadInt32(); break;
                case 4: reader.ReadRepeatedFloats(wire, tensor.FloatData, "TensorProto.float_data"); break;
                case 8: tensor.Name = reader.ReadString(wire, "TensorProto.name"); break;
                case 7: reader.ReadRepeatedInt64s(wire, tensor.Int64Data, "TensorProto.int64_data"); break;
                case 9: tensor.RawData = reader.ReadBytes(wire, "TensorProto.raw_data").ToArray(); break;
                case 10: reader.ReadRepeatedDoubles(wire, tensor.DoubleData, "TensorProto.double_data"); break;
                case 5 or 6 or 11:
                    reader.Skip(wire);
                    tensor.otherTypedData = true;
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
        });

    public ProtoWriter Write()
    {
        var writer = new ProtoWriter();
        writer.WritePackedInt64s(1, Dims.ToArray());
        writer.WriteVarintField(2, (long)DataType);
        if (FloatData.Count > 0) writer.WritePackedFloats(4, FloatData.ToArray());
        if (Int64Data.Count > 0) writer.WritePackedInt64s(7, Int64Data.ToArray());
        if (DoubleData.Count > 0) writer.WritePackedDoubles(10, DoubleData.ToArray());
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
    public float[] ToFloats(string owner) => Values(owner, FloatData, "float_data", BinaryPrimitives.ReadSingleLittleEndian);

    /// <summary>The values of a double tensor, from raw_data or double_data (checked as <see cref="ToFloats"/>).</summary>
    public double[] ToDoubles(string owner) => Values(owner, DoubleData, "double_data", BinaryPrimitives.ReadDoubleLittleEndian);

    /// <summary>The values of an int64 tensor, from raw_data or int64_data (checked as <see cref="ToFloats"/>).</summary>
    public long[] ToInt64s(string owner) => Values(owner, Int64Data, "int64_data", BinaryPrimitives.ReadInt64LittleEndian);

    private delegate T Decoder<T>(ReadOnlySpan<byte> bytes);

    private T[] Values<T>(string owner, List<T> typedData, string field, Decoder<T> decode)
        where T : unmanaged
    {
        long expected = ElementCount();
        if (expected < 0) throw new InvalidDataException($"{owner}: tensor '{Name}' has impossible dims [{string.Join(", ", Dims)}].");
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (RawData is not null)
        {
            if (RawData.Length != expected * size)
            {
                throw new InvalidDataException(
                    $"{owner}: tensor '{Name}' has {RawData.Length} bytes of raw_data; dims [{string.Join(", ", Dims)}] need {expected * size}.");
            }

            var values = new T[expected];
            for (int i = 0; i < values.Length; i++) values[i] = decode(RawData.AsSpan(i * size, size));
            return values;
        }

        if (typedData.Count != expected)
        {
            throw new InvalidDataException(
                $"{owner}: tensor '{Name}' has {typedData.Count} {field} values; dims [{string.Join(", ", Dims)}] need {expected}.");
        }

        return typedData.ToArray();
    }
}
