using System.Globalization;
using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>
/// NaN or infinite weights, biases or normalization values (γ, β, running statistics) in a model (a diverged run, a damaged or hand-made file):
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
            int normalization = CountNonFinite(layer.NormalizationScale) + CountNonFinite(layer.NormalizationShift) + CountNonFinite(layer.RunningMean) + CountNonFinite(layer.RunningVariance);
            if (weights + biases + normalization == 0) continue;
            total += weights + biases + normalization;
            string normalizationPart = normalization == 0 ? ""
                : $", {normalization} of {layer.NormalizationScale.Length + layer.NormalizationShift.Length + layer.RunningMean.Length + layer.RunningVariance.Length} normalization values";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"layer {i + 1}: {weights} of {layer.ReadOnlyWeights.Length} weights, {biases} of {layer.Biases.Length} biases{normalizationPart}"));
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
