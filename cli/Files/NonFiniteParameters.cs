using System.Globalization;
using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>
/// NaN or infinite weights and biases in a model (a diverged run, a damaged or hand-made file):
/// the checksum says the file is intact, not that its numbers are usable.
/// </summary>
internal sealed record NonFiniteParameters(int Total, string Where)
{
    /// <summary>Counts per layer; null when every parameter is finite.</summary>
    public static NonFiniteParameters? Find(Network network)
    {
        int total = 0;
        var parts = new List<string>();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            int weights = CountNonFinite(layer.ReadOnlyWeights);
            int biases = CountNonFinite(layer.Biases);
            if (weights + biases == 0) continue;
            total += weights + biases;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"layer {i + 1}: {weights} of {layer.ReadOnlyWeights.Length} weights, {biases} of {layer.Biases.Length} biases"));
        }

        return total == 0 ? null : new NonFiniteParameters(total, string.Join("; ", parts));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Total} non-finite parameters (NaN or infinity) in {Where}");

    private static int CountNonFinite(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float value in values)
        {
            if (!float.IsFinite(value)) count++;
        }

        return count;
    }
}
