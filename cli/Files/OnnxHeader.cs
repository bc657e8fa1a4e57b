using System.Globalization;
using System.Text;

namespace SimdNn.Cli.Files;

/// <summary>
/// The top level of an ONNX ModelProto, read directly from its protobuf bytes: enough to tell an
/// ONNX file from anything else by its first bytes, and to name its IR version, opsets and producer
/// (Nn.Dense's OnnxImport returns only the network). Field numbers are onnx.proto's: 1 ir_version,
/// 2 producer_name, 3 producer_version, 8 opset_import (OperatorSetIdProto: 1 domain, 2 version).
/// </summary>
internal static class OnnxHeader
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>ModelProto's length-delimited fields (strings, graph, opsets, metadata, training info, functions).</summary>
    private static readonly int[] MessageFields = [2, 3, 4, 6, 7, 8, 14, 20, 25];

    /// <summary>
    /// True when <paramref name="head"/> (the file's first bytes) opens like a serialized ModelProto:
    /// the tag byte 0x08 (field 1, ir_version, varint), a varint, then the end of the file or another
    /// ModelProto field with its wire type. Every protobuf writer puts field 1 first, and no text file
    /// starts with byte 0x08. Lengths are not checked against the file, so that a truncated or corrupt
    /// ONNX file is still recognized and gets the importer's message saying what is wrong with it.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> head)
    {
        int position = 0;
        if (head.IsEmpty || head[0] != 0x08) return false;
        position++;
        if (!TryVarint(head, ref position, out _)) return false;
        if (position == head.Length) return true;
        if (!TryVarint(head, ref position, out ulong tag)) return false;
        int field = (int)(tag >> 3), wire = (int)(tag & 7);
        return wire == LengthDelimited ? MessageFields.Contains(field) : field == 5 && wire == Varint;
    }

    /// <summary>"ONNX (ir_version 7, opset 13, producer pytorch 1.13.1)": call after OnnxImport accepted the bytes.</summary>
    public static string Describe(ReadOnlySpan<byte> model)
    {
        long irVersion = 0;
        string producer = "", producerVersion = "";
        var opsets = new List<string>();
        int position = 0;
        while (position < model.Length && TryField(model, ref position, out int field, out ulong number, out var bytes))
        {
            switch (field)
            {
                case 1: irVersion = (long)number; break;
                case 2: producer = Encoding.UTF8.GetString(bytes); break;
                case 3: producerVersion = Encoding.UTF8.GetString(bytes); break;
                case 8: opsets.Add(Opset(bytes)); break;
            }
        }

        string made = producer.Length == 0 ? "producer not recorded" : $"producer {(producer + " " + producerVersion).Trim()}";
        return string.Create(CultureInfo.InvariantCulture, $"ONNX (ir_version {irVersion}, {string.Join(", ", opsets)}, {made})");
    }

    private static string Opset(ReadOnlySpan<byte> message)
    {
        string domain = "";
        long version = 0;
        int position = 0;
        while (position < message.Length && TryField(message, ref position, out int field, out ulong number, out var bytes))
        {
            if (field == 1) domain = Encoding.UTF8.GetString(bytes);
            else if (field == 2) version = (long)number;
        }

        return domain is "" or "ai.onnx"
            ? string.Create(CultureInfo.InvariantCulture, $"opset {version}")
            : string.Create(CultureInfo.InvariantCulture, $"opset {version} of {domain}");
    }

    /// <summary>One field: its number and either its varint value or its bytes (fixed-width fields are skipped as bytes).</summary>
    private static bool TryField(ReadOnlySpan<byte> message, ref int position, out int field, out ulong number, out ReadOnlySpan<byte> bytes)
    {
        number = 0;
        bytes = default;
        field = 0;
        if (!TryVarint(message, ref position, out ulong tag)) return false;
        field = (int)(tag >> 3);
        int size;
        switch ((int)(tag & 7))
        {
            case Varint: return TryVarint(message, ref position, out number);
            case Fixed64: size = 8; break;
            case Fixed32: size = 4; break;
            case LengthDelimited:
                if (!TryVarint(message, ref position, out ulong length) || length > (ulong)(message.Length - position)) return false;
                size = (int)length;
                break;
            default: return false;
        }

        if (size > message.Length - position) return false;
        bytes = message.Slice(position, size);
        position += size;
        return true;
    }

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }

        return false;
    }
}
