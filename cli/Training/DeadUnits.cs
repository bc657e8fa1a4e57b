using Nn.Dense;
using SimdNn.Cli.Data;

namespace SimdNn.Cli.Training;

/// <summary>Per ReLU layer, the hidden units whose output is 0 for every training row ("dead" units that no longer learn).</summary>
internal static class DeadUnits
{
    public sealed record LayerReport(int Layer, int Units, int Dead);

    public static IReadOnlyList<LayerReport> Find(Network network, LabeledData data)
    {
        var layers = network.Layers;
        var alive = layers.Select(l => new bool[l.Outputs]).ToArray();
        const int Batch = 256;
        var buffers = layers.Select(l => new float[Batch * l.Outputs]).ToArray();
        for (int start = 0; start < data.Samples; start += Batch)
        {
            int batch = Math.Min(Batch, data.Samples - start);
            ReadOnlySpan<float> current = data.Features.AsSpan(start * data.FeatureCount, batch * data.FeatureCount);
            for (int l = 0; l < layers.Count; l++)
            {
                var output = buffers[l].AsSpan(0, batch * layers[l].Outputs);
                layers[l].Forward(current, batch, output, output);
                for (int i = 0; i < output.Length; i++)
                {
                    if (output[i] > 0) alive[l][i % layers[l].Outputs] = true;
                }

                current = output;
            }
        }

        return Enumerable.Range(0, layers.Count - 1)
            .Where(l => layers[l].Activation == Activation.Relu)
            .Select(l => new LayerReport(l + 1, layers[l].Outputs, alive[l].Count(a => !a)))
            .ToArray();
    }
}
