using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Nn.Dense;

/// <summary>
/// One layer's payload as read from a <see cref="QuantizedModelFile"/>: W in its format, the biases, γ and β. Read
/// whole first, checked (<see cref="Problem"/>) once the file's checksum has passed, then made into a layer.
/// </summary>
internal sealed class QuantizedModelFilePayload
{
    private WeightFormat format;
    private int inputs;
    private sbyte[] codes = [];
    private float[] scales = [];
    private float[] inputScales = [];
    private ushort[] bits = [];
    private float[] weights = [];
    private float[] bias = [];
    private float[]? normalizationScale;
    private float[]? normalizationShift;

    /// <summary>Reads the payload of a layer with <paramref name="entry"/>'s shape, adding its bytes to <paramref name="crc"/>.</summary>
    /// <exception cref="InvalidDataException">The stream ends inside it.</exception>
    public static QuantizedModelFilePayload Read(Stream stream, QuantizedModelFileEntry entry, WeightFormat format, ref uint crc)
    {
        // Sizes were checked against ModelFile.MaxParameters, so the product fits an int.
        int count = entry.Inputs * entry.Outputs;
        var payload = new QuantizedModelFilePayload { format = format, inputs = entry.Inputs, bias = new float[entry.Outputs] };
        switch (format)
        {
            case WeightFormat.Int8:
                payload.codes = new sbyte[count];
                payload.scales = new float[entry.Outputs];
                crc = ReadBytes(stream, MemoryMarshal.AsBytes(payload.codes.AsSpan()), crc);
                crc = ModelFile.ReadFloats(stream, payload.scales, crc);
                payload.inputScales = new float[entry.Inputs];
                crc = ModelFile.ReadFloats(stream, payload.inputScales, crc);
                break;
            case WeightFormat.BFloat16:
                payload.bits = new ushort[count];
                crc = ReadBytes(stream, MemoryMarshal.AsBytes(payload.bits.AsSpan()), crc);
                if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(payload.bits, payload.bits);
                break;
            default:
                payload.weights = new float[count];
                crc = ModelFile.ReadFloats(stream, payload.weights, crc);
                break;
        }

        crc = ModelFile.ReadFloats(stream, payload.bias, crc);
        if (entry.Normalization == Normalization.Layer)
        {
            payload.normalizationScale = new float[entry.Outputs];
            payload.normalizationShift = new float[entry.Outputs];
            crc = ModelFile.ReadFloats(stream, payload.normalizationScale, crc);
            crc = ModelFile.ReadFloats(stream, payload.normalizationShift, crc);
        }

        return payload;
    }

    /// <summary>
    /// What a reader refuses in the payload of layer <paramref name="index"/>, or null: an int8 code of −128 (outside
    /// the symmetric range), a weight scale that is negative or not finite, an input factor that is not finite and positive, a non-finite bfloat16 or float32 weight,
    /// bias, γ or β (quantizing refuses non-finite parameters, so no file it writes holds one).
    /// </summary>
    public string? Problem(int index)
    {
        int refused = codes.AsSpan().IndexOf(sbyte.MinValue);
        if (refused >= 0) return $"Layer {index} has weight code -128 at [{refused / inputs}, {refused % inputs}]; int8 codes must be in [-127, 127].";
        for (int j = 0; j < scales.Length; j++)
        {
            if (!(float.IsFinite(scales[j]) && scales[j] >= 0))
            {
                return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has weight scale {scales[j]} at output {j}; a scale must be finite and at least 0.");
            }
        }

        for (int p = 0; p < inputScales.Length; p++)
        {
            if (!(float.IsFinite(inputScales[p]) && inputScales[p] > 0))
            {
                return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has input factor {inputScales[p]} at input {p}; a factor must be finite and above 0.");
            }
        }

        for (int i = 0; i < bits.Length; i++)
        {
            // All exponent bits set: ±∞ or NaN.
            if ((bits[i] & 0x7F80) == 0x7F80) return $"Layer {index} has a non-finite bfloat16 weight at [{i / inputs}, {i % inputs}] (bits 0x{bits[i]:X4}).";
        }

        return NonFinite(index, "weight", weights, inputs)
            ?? NonFinite(index, "bias", bias, 0)
            ?? NonFinite(index, "normalization scale γ", normalizationScale, 0)
            ?? NonFinite(index, "normalization shift β", normalizationShift, 0);
    }

    /// <summary>The layer, once <see cref="Problem"/> has found nothing.</summary>
    /// <exception cref="ArgumentException">The layer refuses its parameters (not expected after <see cref="Problem"/>).</exception>
    public QuantizedLayer ToLayer(QuantizedModelFileEntry entry)
    {
        var activation = (Activation)entry.ActivationCode;
        return format switch
        {
            WeightFormat.Int8 => new Int8QuantizedLayer(entry.Inputs, entry.Outputs, activation, entry.Parameter, codes, scales, inputScales, bias, normalizationScale, normalizationShift),
            WeightFormat.BFloat16 => new BFloat16QuantizedLayer(entry.Inputs, entry.Outputs, activation, entry.Parameter, bits, bias, normalizationScale, normalizationShift),
            _ => new Float32QuantizedLayer(entry.Inputs, entry.Outputs, activation, entry.Parameter, weights, bias, normalizationScale, normalizationShift),
        };
    }

    private static uint ReadBytes(Stream stream, Span<byte> bytes, uint crc)
    {
        ModelFile.ReadExactly(stream, bytes, "the parameters");
        return Crc32.Update(crc, bytes);
    }

    /// <summary>The first non-finite value as a message naming the layer and the place ([row, column] of W when inputs &gt; 0, else the output), or null.</summary>
    private static string? NonFinite(int index, string what, ReadOnlySpan<float> values, int inputs)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            string where = inputs > 0 ? $"[{i / inputs}, {i % inputs}]" : $"output {i}";
            return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has a non-finite {what} at {where} ({values[i]}).");
        }

        return null;
    }
}
