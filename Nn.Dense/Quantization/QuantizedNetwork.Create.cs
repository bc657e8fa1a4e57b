using Numerics.Simd;

namespace Nn.Dense;

public sealed partial class QuantizedNetwork
{
    /// <summary>
    /// The quantized copy of <paramref name="network"/>'s inference map: per layer the weights and biases with batch
    /// normalization folded in (in double, as the float network's inference does), converted to <paramref name="format"/>;
    /// layer normalization's γ and β and the activation kept as they are; dropout dropped (it is off at inference).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">format is not a defined <see cref="WeightFormat"/>.</exception>
    /// <exception cref="ArgumentException">A weight or bias is NaN or infinite, or (int8) a layer has more than <see cref="Int8PackedWeights.MaxInputs"/> inputs.</exception>
    internal static QuantizedNetwork Create(Network network, WeightFormat format, IReadOnlyList<string>? classLabels, ModelTask task)
    {
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown weight format.");
        var layers = new QuantizedLayer[network.Layers.Count];
        for (int l = 0; l < layers.Length; l++) layers[l] = Convert(network.Layers[l], l, format, nameof(network));
        return new QuantizedNetwork(layers, classLabels, task);
    }

    private static QuantizedLayer Convert(DenseLayer source, int index, WeightFormat format, string parameterName)
    {
        var weights = new float[source.Inputs * source.Outputs];
        var bias = new float[source.Outputs];
        float[]? scale = null, shift = null;
        if (source.Normalization == Normalization.Layer)
        {
            source.CopyWeightsTo(weights);
            source.CopyBiasesTo(bias);
            scale = source.NormalizationScale.ToArray();
            shift = source.NormalizationShift.ToArray();
        }
        else
        {
            source.CopyInferenceParameters(weights, bias);
        }

        RequireFinite(weights, source.Inputs, index, "weight", parameterName);
        RequireFinite(bias, source.Outputs, index, "bias", parameterName);
        switch (format)
        {
            case WeightFormat.Float32:
                return new Float32QuantizedLayer(source.Inputs, source.Outputs, source.Activation, source.ActivationParameter, weights, bias, scale, shift);
            case WeightFormat.BFloat16:
                var bits = new ushort[weights.Length];
                BFloat16Gemm.Round(weights, bits);
                return new BFloat16QuantizedLayer(source.Inputs, source.Outputs, source.Activation, source.ActivationParameter, bits, bias, scale, shift);
            default:
                if (source.Inputs > Int8PackedWeights.MaxInputs)
                {
                    throw new ArgumentException(
                        $"Layer {index} has {source.Inputs} inputs; int8 layers take at most {Int8PackedWeights.MaxInputs}, so that their int32 sums cannot overflow.", nameof(format));
                }

                var codes = new sbyte[weights.Length];
                var scales = new float[source.Outputs];
                var inputScales = InputEqualization.Choose(weights, source.Outputs, source.Inputs);
                InputEqualization.Divide(weights, source.Inputs, inputScales);
                Int8Gemm.QuantizeWeights(weights, source.Outputs, source.Inputs, codes, scales);
                return new Int8QuantizedLayer(source.Inputs, source.Outputs, source.Activation, source.ActivationParameter, codes, scales, inputScales,
                    bias, scale, shift);
        }
    }

    private static void RequireFinite(ReadOnlySpan<float> values, int width, int layer, string what, string parameterName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Layer {layer} {what} [{i / width}, {i % width}] is {values[i]}; a network with non-finite parameters cannot be quantized.", parameterName);
            }
        }
    }
}
