using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nn.Dense.Onnx;

/// <summary>
/// Writes protocol-buffer wire format for the ONNX subset. Nested messages are written into
/// their own <see cref="ProtoWriter"/> and copied in with a length prefix: the models are
/// small and shallow (model, graph, node, attribute, tensor), so the copies cost nothing
/// that matters and the code stays obvious.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    public void WriteVarintField(int fieldNumber, long value)
    {
        WriteKey(fieldNumber, WireType.Varint);
        WriteVarint((ulong)value);
    }

    public void WriteFloatField(int fieldNumber, float value)
    {
        WriteKey(fieldNumber, WireType.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        buffer.Write<byte>(bytes);
    }

    public void WriteStringField(int fieldNumber, string value) =>
        WriteBytesField(fieldNumber, Encoding.UTF8.GetBytes(value));

    public void WriteBytesField(int fieldNumber, ReadOnlySpan<byte> value)
    {
        WriteKey(fieldNumber, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
    }

    public void WriteMessageField(int fieldNumber, ProtoWriter message) =>
        WriteBytesField(fieldNumber, message.ToArray());

    /// <summary>A packed repeated float field (e.g. TensorProto.float_data).</summary>
    public void WritePackedFloats(int fieldNumber, ReadOnlySpan<float> values) => WritePackedFixed(fieldNumber, values, BinaryPrimitives.WriteSingleLittleEndian);

    /// <summary>A packed repeated double field (TensorProto.double_data).</summary>
    public void WritePackedDoubles(int fieldNumber, ReadOnlySpan<double> values) => WritePackedFixed(fieldNumber, values, BinaryPrimitives.WriteDoubleLittleEndian);

    private delegate void Encoder<T>(Span<byte> destination, T value);

    private void WritePackedFixed<T>(int fieldNumber, ReadOnlySpan<T> values, Encoder<T> encode)
        where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++) encode(bytes.AsSpan(i * size), values[i]);
        WriteBytesField(fieldNumber, bytes);
    }

    /// <summary>A packed repeated int64 field (e.g. TensorProto.dims).</summary>
    public void WritePackedInt64s(int fieldNumber, ReadOnlySpan<long> values)
    {
        var packed = new ProtoWriter();
        foreach (long value in values) packed.WriteVarint((ulong)value);
        WriteBytesField(fieldNumber, packed.ToArray());
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void WriteKey(int fieldNumber, WireType wireType) =>
        WriteVarint(((ulong)fieldNumber << 3) | (ulong)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }
}
