using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>A float32 <see cref="Network"/> (a simd-nn model file or an imported ONNX model) as an <see cref="InferenceModel"/>.</summary>
internal sealed class FloatModel(Network network) : InferenceModel
{
    public override int InputSize => network.InputSize;

    public override int OutputSize => network.OutputSize;

    public override WeightFormat WeightFormat => WeightFormat.Float32;

    public override string Kind => "float32";

    public override long WeightBytes => sizeof(float) * network.Layers.Sum(layer => (long)layer.Inputs * layer.Outputs);

    public override IReadOnlyList<ModelLayer> Layers { get; } = [.. network.Layers.Select(layer => new ModelLayer(
        layer.Inputs, layer.Outputs, layer.Activation,
        layer.Activation is Activation.LeakyRelu or Activation.Elu ? layer.ActivationParameter : null,
        layer.Normalization, layer.DropoutRate,
        // γ and β are learned parameters; batch normalization's running statistics are not (PyTorch's buffers).
        (long)layer.Inputs * layer.Outputs + layer.Outputs + 2L * layer.NormalizationScale.Length))];

    public override Network Float => network;

    public override void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => network.Predict(inputs, batch, outputs);

    public override NonFiniteParameters? FindNonFinite() => NonFiniteParameters.Find(network);
}
