using System.Text.Json;
using Nn.Dense;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>Compares two float32 implementations of a model with normalization against <see cref="ReferenceNormalizedForward"/>'s bound.</summary>
public static class NormalizedAgreement
{
    /// <summary>
    /// Asserts, per output, |ours − exact| ≤ d (the bound is honest for ours) and |ours − peer| ≤ 2d (both within d of
    /// the exact result); <paramref name="peer"/> gives the other implementation's output at a flat index.
    /// </summary>
    public static void Assert(JsonElement[] steps, float[] inputs, int batch, float[] ours, Func<int, double> peer, string context)
    {
        int inputSize = inputs.Length / batch, outputSize = ours.Length / batch;
        for (int row = 0; row < batch; row++)
        {
            var (exact, bound) = ReferenceNormalizedForward.Run(steps, inputs.AsSpan(row * inputSize, inputSize));
            Xunit.Assert.Equal(outputSize, exact.Length);
            for (int i = 0; i < outputSize; i++)
            {
                int at = row * outputSize + i;
                string where = $"{context}, sample {row}, output {i}: ours {ours[at]:R}, peer {peer(at):R}, exact {exact[i]:R}, d = {bound[i]:E3}";
                Xunit.Assert.True(Math.Abs(ours[at] - exact[i]) <= bound[i], "ours is outside the reference bound; " + where);
                Xunit.Assert.True(Math.Abs(ours[at] - peer(at)) <= 2 * bound[i], "ours and peer disagree beyond 2d; " + where);
            }
        }
    }

    /// <summary>The steps of a network of ours (linear, layer normalization, activation per layer) in the form of parameters.json.</summary>
    public static JsonElement[] StepsOf(Network network)
    {
        var steps = new List<object>();
        foreach (var layer in network.Layers)
        {
            var weights = new float[layer.Inputs * layer.Outputs];
            var biases = new float[layer.Outputs];
            layer.CopyWeightsTo(weights);
            layer.CopyBiasesTo(biases);
            steps.Add(new { op = "linear", inputs = layer.Inputs, outputs = layer.Outputs, weight = weights.Select(v => (double)v), bias = biases.Select(v => (double)v) });
            if (layer.Normalization == Normalization.Layer)
            {
                var scale = layer.NormalizationScale.ToArray().Select(v => (double)v);
                var shift = layer.NormalizationShift.ToArray().Select(v => (double)v);
                steps.Add(new { op = "layernorm", scale, shift, epsilon = 1e-5 });
            }

            if (layer.Activation != Activation.Identity) steps.Add(new { op = "activation", name = layer.Activation.ToString().ToLowerInvariant() });
        }

        return JsonDocument.Parse(JsonSerializer.Serialize(steps)).RootElement.EnumerateArray().ToArray();
    }
}
