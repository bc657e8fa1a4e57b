using System.Globalization;
using Nn.Dense;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Serve;

/// <summary>A model file (ours, quantized or ONNX) as loaded by <see cref="ModelFiles"/>, served by our own Predict.</summary>
internal sealed class NetworkModel : ServedModel
{
    public NetworkModel(LoadedModel loaded, string path, TimeSpan loadTime, int generation)
    {
        Model = loaded.Model;
        var model = Model;
        Labels = loaded.Task == ModelTask.Classification
            ? loaded.ClassLabels ?? [.. Enumerable.Range(0, model.OutputSize).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : null;
        var layers = model.Layers.Select(layer => new LayerInfo(layer.Inputs, layer.Outputs, layer.Activation.ToString(),
            layer.ActivationParameter, (long)layer.Inputs * layer.Outputs + layer.Outputs)).ToArray();
        Info = new ModelInfo(Path.GetFullPath(path), loaded.Format, DataSources.TaskName(loaded.Task), model.InputSize, model.OutputSize,
            layers.Sum(layer => layer.Parameters), layers, loaded.ClassLabels, DateTimeOffset.UtcNow, loadTime.TotalMilliseconds)
        {
            Generation = generation,
            Weights = model.Kind,
            WeightBytes = model.WeightBytes,
        };
    }

    /// <summary>The model behind the endpoint: a float network or a quantized one.</summary>
    public InferenceModel Model { get; }

    public override int Inputs => Model.InputSize;

    public override int Outputs => Model.OutputSize;

    public override IReadOnlyList<string>? Labels { get; }

    public override ModelInfo Info { get; }

    /// <summary>The widest layer side: Predict's per-thread scratch holds max-batch rows of it.</summary>
    public int WidestLayer => Model.Layers.Max(layer => Math.Max(layer.Inputs, layer.Outputs));

    public override void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => Model.Predict(inputs, batch, outputs);
}
