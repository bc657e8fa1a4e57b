using System.Globalization;

namespace Nn.Dense;

/// <summary>One layer's entry in the table of a <see cref="QuantizedModelFile"/>: what it computes and how many bytes its payload takes.</summary>
/// <param name="Inputs">Columns of W.</param>
/// <param name="Outputs">Rows of W.</param>
/// <param name="ActivationCode">f as its enum value (checked after the checksum).</param>
/// <param name="Parameter">LeakyRelu's slope or Elu's alpha (checked after the checksum).</param>
/// <param name="Normalization">None or Layer (checked when read: it decides the payload's size).</param>
internal readonly record struct QuantizedModelFileEntry(int Inputs, int Outputs, int ActivationCode, float Parameter, Normalization Normalization)
{
    /// <summary>
    /// W in the format (int8: a byte per code, a float scale per output and a float factor per input; bfloat16: 2 bytes; float32: 4), the
    /// float32 biases, and γ and β with layer normalization.
    /// </summary>
    public long PayloadBytes(WeightFormat format)
    {
        long weights = (long)Inputs * Outputs;
        long weightBytes = format switch
        {
            WeightFormat.Int8 => weights + ((long)Outputs + Inputs) * sizeof(float),
            WeightFormat.BFloat16 => weights * sizeof(ushort),
            _ => weights * sizeof(float),
        };
        int vectors = Normalization == Normalization.Layer ? 3 : 1;
        return weightBytes + (long)vectors * Outputs * sizeof(float);
    }

    /// <summary>
    /// What a reader refuses in the entry once the checksum has passed, or null: an unknown activation, Softmax or
    /// LogSoftmax before the last layer (as <see cref="Network"/> refuses it), a non-finite parameter.
    /// </summary>
    public string? Problem(int index, bool last)
    {
        var activation = (Activation)ActivationCode;
        if (!Enum.IsDefined(activation)) return $"Unknown activation code {ActivationCode} in layer {index}.";
        if (activation is Activation.Softmax or Activation.LogSoftmax && !last) return $"Layer {index} uses {activation}, which is allowed only on the last layer.";
        if (!float.IsFinite(Parameter)) return string.Create(CultureInfo.InvariantCulture, $"Layer {index} has a non-finite activation parameter ({Parameter}).");
        return null;
    }
}
