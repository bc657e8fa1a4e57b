using System.Text.Json;
using Nn.Dense;

namespace Nn.Training.Tests;

/// <summary>
/// A training-mode forward and backward pass against PyTorch 1.13's numbers for the same weights and batch
/// (scripts/torch-normalization.py wrote Reference/torch-normalization.json): Linear → BatchNorm1d → ReLU →
/// Dropout(0) → Linear and Linear → LayerNorm → GELU → Linear, each with cross-entropy.
/// </summary>
/// <remarks>
/// Both sides compute in float32 with different orders of summation, so each differs from the exact value by
/// a few (k + 8)·u relative per stage (k ≤ 8 terms per sum, u = 2^-24), amplified by the normalization's
/// 1/σ (below 3 here) over about five stages: under 5·3·16·u ≈ 1.5e-5 of each array's largest magnitude.
/// The bound is 4e-5 of it (plus the same absolute for arrays near zero).
/// </remarks>
public class PyTorchNormalizationTests
{
    private const double RelativeBound = 4e-5;

    [Theory]
    [InlineData("batch")]
    [InlineData("layer")]
    public void Training_step_matches_pytorch(string kind)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "torch-normalization.json")));
        var data = document.RootElement.GetProperty(kind);
        var parameters = data.GetProperty("parameters");
        var normalization = kind == "batch" ? Normalization.Batch : Normalization.Layer;
        var network = new Network(
            new DenseLayer(5, 6, kind == "batch" ? Activation.Relu : Activation.Gelu, normalization, dropoutRate: 0f),
            new DenseLayer(6, 3, Activation.Softmax));
        network.Layers[0].CopyWeightsFrom(Floats(parameters, "w1"));
        network.Layers[0].CopyBiasesFrom(Floats(parameters, "b1"));
        Floats(parameters, "gamma").CopyTo(network.Layers[0].NormalizationScale);
        Floats(parameters, "beta").CopyTo(network.Layers[0].NormalizationShift);
        network.Layers[1].CopyWeightsFrom(Floats(parameters, "w2"));
        network.Layers[1].CopyBiasesFrom(Floats(parameters, "b2"));

        var inputs = Floats(data, "inputs");
        var targets = data.GetProperty("targets").EnumerateArray().Select(t => (float)t.GetInt32()).ToArray();
        var grads = new Gradients(network);
        var probabilities = new float[8 * 3];
        float loss = Backprop.ComputeGradients(network, inputs, targets, 8, Loss.CrossEntropy(), grads, probabilities);

        Close([loss], [(float)data.GetProperty("loss").GetDouble()], "loss");
        Close(probabilities, Floats(data, "probabilities"), "probabilities");
        var gradients = data.GetProperty("gradients");
        Close(grads.Weights(0), Floats(gradients, "w1"), "dW1");
        Close(grads.NormalizationScale(0), Floats(gradients, "gamma"), "dγ");
        Close(grads.NormalizationShift(0), Floats(gradients, "beta"), "dβ");
        Close(grads.Weights(1), Floats(gradients, "w2"), "dW2");
        Close(grads.Biases(1), Floats(gradients, "b2"), "db2");
        if (kind == "batch")
        {
            // The bias before batch normalization has gradient 0 exactly; both sides give rounding noise.
            Assert.All(grads.Biases(0).ToArray(), g => Assert.True(Math.Abs(g) <= 1e-6, $"db1 {g}"));
            Close(network.Layers[0].RunningMean, Floats(data, "running_mean"), "running mean");
            Close(network.Layers[0].RunningVariance, Floats(data, "running_var"), "running variance");
        }
        else
        {
            Close(grads.Biases(0), Floats(gradients, "b1"), "db1");
        }
    }

    private static float[] Floats(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static void Close(ReadOnlySpan<float> got, float[] want, string what)
    {
        Assert.Equal(want.Length, got.Length);
        double scale = Math.Max(want.Max(v => Math.Abs((double)v)), 1);
        for (int i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(got[i] - want[i]) <= RelativeBound * scale, $"{what}[{i}]: {got[i]:R} vs PyTorch {want[i]:R} (bound {RelativeBound * scale:E2})");
        }
    }
}
