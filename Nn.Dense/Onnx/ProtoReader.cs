using System.Buffers.Binary;

namespace Nn.Dense.Onnx;

/// <summary>
/// Reads protocol-buffer wire format from a byte span: just what the ONNX subset needs
/// (varints, fixed32/64, length-delimited fields, skipping of unknown fields).
/// Every length is checked against the bytes that remain before anything is sliced or
/// allocated, so a corrupt or truncated file ends in <see cref="InvalidDataException"/>
/// and never in a huge allocation or another exception type.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        position = 0;
    }

    public readonly bool AtEnd => position >= data.Length;

    public readonly int Remaining => data.Length - position;

    /// <summary>Reads a field key; returns false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        if (AtEnd)
        {
            fieldNumber = 0;
            wireType = WireType.Varint;
            return false;
        }

        ulong key = ReadVarint();
        fieldNumber = (int)Math.Min(key >> 3, int.MaxValue);
        wireType = (WireType)(key & 7);
        if (fieldNumber == 0) throw Corrupt("a field number of 0");
        if (wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            // Groups (3, 4) are deprecated and never used by ONNX; 6 and 7 do not exist.
            throw Corrupt($"wire type {(int)wireType} on field {fieldNumber}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length) throw Corrupt("a varint cut off by the end of the data");
            byte b = data[position++];
            if (shift == 63 && b > 1) throw Corrupt("a varint longer than 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }

        throw Corrupt("a varint longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    /// <summary>An int32 field (protobuf sign-extends negative int32 to 64 bits).</summary>
    public int ReadInt32()
    {
        long value = (long)ReadVarint();
        if (value is < int.MinValue or > int.MaxValue) throw Corrupt($"int32 value {value} out of range");
        return (int)value;
    }

    public float ReadFixedFloat()
    {
        if (Remaining < 4) throw Corrupt("a 32-bit field cut off by the end of the data");
        float value = BinaryPrimitives.ReadSingleLittleEndian(data.Slice(position, 4));
        position += 4;
        return value;
    }

    public double ReadFixedDouble()
    {
        if (Remaining < 8) throw Corrupt("a 64-bit field cut off by the end of the data");
        double value = BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(position, 8));
        position += 8;
        return value;
    }

    /// <summary>The payload of a length-delimited field, checked against the bytes left.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)Remaining)
        {
            throw Corrupt($"a field of {length} bytes where only {Remaining} remain");
        }

        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    /// <summary>The offset (in this reader's span) and length of a length-delimited field.</summary>
    public (int Offset, int Length) ReadBytesRange()
    {
        var bytes = ReadBytes();
        return (position - bytes.Length, bytes.Length);
    }

    public string ReadString() => DecodeUtf8(ReadBytes());

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("ONNX protobuf is corrupt: a string field is not valid UTF-8.", e);
        }
    }

    /// <summary>A length-delimited field's payload, after checking that the key declared that wire type.</summary>
    public ReadOnlySpan<byte> ReadBytes(WireType wire, string field)
    {
        Expect(wire, WireType.LengthDelimited, field);
        return ReadBytes();
    }

    /// <summary>A string field, after checking its wire type.</summary>
    public string ReadString(WireType wire, string field) => DecodeUtf8(ReadBytes(wire, field));

    /// <summary>Repeated float, packed (wire type 2) or one per key (wire type 5), as protobuf allows.</summary>
    public void ReadRepeatedFloats(WireType wire, List<float> into, string field) =>
        ReadRepeatedFixed(wire, WireType.Fixed32, into, field, BinaryPrimitives.ReadSingleLittleEndian);

    /// <summary>Repeated double, packed (wire type 2) or one per key (wire type 1).</summary>
    public void ReadRepeatedDoubles(WireType wire, List<double> into, string field) =>
        ReadRepeatedFixed(wire, WireType.Fixed64, into, field, BinaryPrimitives.ReadDoubleLittleEndian);

    private delegate T Decoder<T>(ReadOnlySpan<byte> bytes);

    private void ReadRepeatedFixed<T>(WireType wire, WireType single, List<T> into, string field, Decoder<T> decode)
        where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (wire == single)
        {
            if (Remaining < size) throw Corrupt($"a {8 * size}-bit field cut off by the end of the data");
            into.Add(decode(data.Slice(position, size)));
            position += size;
            return;
        }

        var packed = ReadBytes(wire, field);
        if (packed.Length % size != 0) throw Corrupt($"packed {field} of {packed.Length} bytes, not a multiple of {size}");
        into.EnsureCapacity(into.Count + packed.Length / size);
        for (int i = 0; i < packed.Length; i += size) into.Add(decode(packed.Slice(i, size)));
    }

    /// <summary>Repeated int64, packed or one per key.</summary>
    public void ReadRepeatedInt64s(WireType wire, List<long> into, string field)
    {
        if (wire == WireType.Varint)
        {
            into.Add(ReadInt64());
            return;
        }

        var packed = new ProtoReader(ReadBytes(wire, field));
        while (!packed.AtEnd) into.Add(packed.ReadInt64());
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: ReadFixedDouble(); break;
            case WireType.Fixed32: ReadFixedFloat(); break;
            case WireType.LengthDelimited: ReadBytes(); break;
            default: throw Corrupt($"wire type {(int)wireType}");
        }
    }

    /// <summary>
    /// Reads every field of one message into <paramref name="message"/>: <paramref name="readField"/>
    /// consumes the fields it knows and skips the rest (unknown fields are legal protobuf).
    /// </summary>
    public static T ReadMessage<T>(ReadOnlySpan<byte> bytes, T message, FieldReader<T> readField)
    {
        var reader = new ProtoReader(bytes);
        while (reader.TryReadTag(out int field, out var wire)) readField(message, ref reader, field, wire);
        return message;
    }

    /// <summary>Requires the wire type a field's schema declares.</summary>
    public static void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected) throw Corrupt($"field {field} with wire type {(int)actual} instead of {(int)expected}");
    }

    public static InvalidDataException Corrupt(string what) =>
        new($"ONNX protobuf is corrupt or truncated: {what}.");
}

/// <summary>Reads one field of a message (the key is already read) into <paramref name="message"/>, or skips it.</summary>
internal delegate void FieldReader<in T>(T message, ref ProtoReader reader, int field, WireType wire);
