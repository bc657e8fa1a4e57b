using System.Globalization;
using Nn.Dense;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Serve;

/// <summary>A model file (ours or ONNX) as loaded by <see cref="ModelFiles"/>, served by our own Predict.</summary>
internal sealed class NetworkModel : ServedModel
{
    public NetworkModel(LoadedModel loaded, string path, TimeSpan loadTime, int generation)
    {
        Network = loaded.Network;
        var network = Network;
        Labels = loaded.Task == ModelTask.Classification
            ? loaded.ClassLabels ?? [.. Enumerable.Range(0, network.OutputSize).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : null;
        var layers = network.Layers.Select(layer => new LayerInfo(layer.Inputs, layer.Outputs, layer.Activation.ToString(),
            layer.Activation is Activation.LeakyRelu or Activation.Elu ? layer.ActivationParameter : null,
            (long)layer.Inputs * layer.Outputs + layer.Outputs)).ToArray();
        Info = new ModelInfo(Path.GetFullPath(path), loaded.Format, DataSources.TaskName(loaded.Task), network.InputSize, network.OutputSize,
            layers.Sum(layer => layer.Parameters), layers, loaded.ClassLabels, DateTimeOffset.UtcNow, loadTime.TotalMilliseconds)
        {
            Generation = generation,
        };
    }

    /// <summary>The network behind the model.</summary>
    public Network Network { get; }

    public override int Inputs => Network.InputSize;

    public override int Outputs => Network.OutputSize;

    public override IReadOnlyList<string>? Labels { get; }

    public override ModelInfo Info { get; }

    /// <summary>The widest layer side: Predict's per-thread scratch holds max-batch rows of it.</summary>
    public int WidestLayer => Network.Layers.Max(layer => Math.Max(layer.Inputs, layer.Outputs));

    public override void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => Network.Predict(inputs, batch, outputs);
}
