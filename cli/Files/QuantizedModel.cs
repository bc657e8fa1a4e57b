using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>A <see cref="QuantizedNetwork"/> (a quantized model file, or `quantize`'s result) as an <see cref="InferenceModel"/>.</summary>
internal sealed class QuantizedModel(QuantizedNetwork network) : InferenceModel
{
    public QuantizedNetwork Network => network;

    public override int InputSize => network.InputSize;

    public override int OutputSize => network.OutputSize;

    public override WeightFormat WeightFormat => network.Format;

    public override string Kind => "quantized " + FormatName(network.Format);

    public override long WeightBytes => network.WeightBytes;

    public override IReadOnlyList<ModelLayer> Layers { get; } = [.. network.Layers.Select(layer => new ModelLayer(
        layer.Inputs, layer.Outputs, layer.Activation, null, layer.Normalization, 0,
        (long)layer.Inputs * layer.Outputs + layer.Outputs + (layer.Normalization == Normalization.Layer ? 2L * layer.Outputs : 0)))];

    /// <summary>The command-line spelling of a weight format: int8, bf16, float32.</summary>
    public static string FormatName(WeightFormat format) => format switch
    {
        WeightFormat.Int8 => "int8",
        WeightFormat.BFloat16 => "bf16",
        _ => "float32",
    };

    public override void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => network.Predict(inputs, batch, outputs);
}
