using Nn.Dense;
using Nn.Training.Tests.Reference;
using Kind = Nn.Training.Tests.Reference.ReferenceNetwork.LossKind;

namespace Nn.Training.Tests;

/// <summary>
/// Backprop against (1) the unfused double-precision chain rule of the reference and (2) central
/// differences in double, on seeded random small networks for every loss/activation pair.
/// </summary>
public class GradientTests
{
    private const double FloatEpsilon = 1.0 / (1 << 24);

    public enum TargetKind { Dense, Probabilities, Indices, Unit }

    public static TheoryData<Kind, Activation, TargetKind, Reduction> Pairs()
    {
        var data = new TheoryData<Kind, Activation, TargetKind, Reduction>();
        foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum })
        {
            foreach (var last in new[] { Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Softmax })
            {
                data.Add(Kind.MeanSquaredError, last, TargetKind.Dense, reduction);
            }

            foreach (var last in new[] { Activation.Identity, Activation.Tanh })
            {
                data.Add(Kind.L1, last, TargetKind.Dense, reduction);
                data.Add(Kind.Huber, last, TargetKind.Dense, reduction);
            }

            data.Add(Kind.BinaryCrossEntropy, Activation.Sigmoid, TargetKind.Unit, reduction);
            data.Add(Kind.BinaryCrossEntropy, Activation.Softmax, TargetKind.Unit, reduction);
            data.Add(Kind.CrossEntropy, Activation.Softmax, TargetKind.Probabilities, reduction);
            data.Add(Kind.CrossEntropy, Activation.Softmax, TargetKind.Indices, reduction);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Backprop_matches_the_unfused_chain_rule_and_central_differences(Kind kind, Activation last, TargetKind targetKind, Reduction reduction)
    {
        for (int seed = 0; seed < 25; seed++)
        {
            var random = new Random(seed * 7919 + (int)kind * 31 + (int)last * 7 + (int)targetKind);
            var network = RandomNetworks.Create(random, last);
            int batch = random.Next(1, 6);
            var inputs = RandomNetworks.Normal(random, batch * network.InputSize);
            var (targets, denseTargets) = Targets(random, targetKind, batch, network.OutputSize);
            var loss = Create(kind, reduction);
            string context = $"seed {seed}, {Describe(network)}, batch {batch}, {loss}, targets {targetKind}";

            var grads = new Gradients(network);
            float value = Backprop.ComputeGradients(network, inputs, targets, batch, loss, grads);

            var reference = new ReferenceNetwork(network);
            var x = RandomNetworks.ToDouble(inputs);
            double want = reference.LossOf(kind, reduction, x, denseTargets, batch);
            var exact = reference.Gradients(kind, reduction, x, denseTargets, batch);
            var numeric = reference.FiniteDifferences(kind, reduction, x, denseTargets, batch, 1e-6);

            // Loss: a float forward pass through the layers, then a double-accumulated loss:
            // relative error of a few ε per layer times the fan-in.
            double lossBound = Bound(network, batch) * Math.Max(Math.Abs(want), 1);
            Assert.True(Math.Abs(value - want) <= lossBound, $"{context}: loss {value} vs {want}");

            for (int l = 0; l < network.Layers.Count; l++)
            {
                CheckLayer(grads.Weights(l), exact.Weights[l], numeric.Weights[l], Bound(network, batch), $"{context}, layer {l} weights");
                CheckLayer(grads.Biases(l), exact.Biases[l], numeric.Biases[l], Bound(network, batch), $"{context}, layer {l} biases");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void GradientCheck_reports_small_errors_for_correct_gradients(Kind kind, Activation last, TargetKind targetKind, Reduction reduction)
    {
        var random = new Random(1234 + (int)kind * 31 + (int)last * 7 + (int)targetKind);
        var network = RandomNetworks.Create(random, last);
        int batch = 3;
        var inputs = RandomNetworks.Normal(random, batch * network.InputSize);
        var (targets, _) = Targets(random, targetKind, batch, network.OutputSize);
        var errors = GradientCheck.Run(network, inputs, targets, batch, Create(kind, reduction));
        Assert.Equal(network.Layers.Count, errors.Length);
        double bound = Bound(network, batch) + 1e-6;
        foreach (var error in errors)
        {
            Assert.True(error.WeightsError <= bound && error.BiasesError <= bound, $"{Describe(network)}: {error} above {bound}");
        }
    }

    [Fact]
    public void GradientCheck_flags_a_wrong_gradient()
    {
        // Backprop is right, so feed GradientCheck a network whose loss it would compute differently:
        // compare its numeric gradients against deliberately scaled analytic ones.
        var random = new Random(5);
        var network = RandomNetworks.Create(random, Activation.Softmax, outputs: 3);
        var inputs = RandomNetworks.Normal(random, 2 * network.InputSize);
        float[] targets = [0, 2];
        var numeric = GradientCheck.NumericGradients(network, inputs, targets, 2, Loss.CrossEntropy());
        var grads = new Gradients(network);
        Backprop.ComputeGradients(network, inputs, targets, 2, Loss.CrossEntropy(), grads);
        var last = network.Layers.Count - 1;
        double maxDifference = 0, scale = 0;
        for (int i = 0; i < numeric.Weights[last].Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(1.01 * grads.Weights(last)[i] - numeric.Weights[last][i]));
            scale = Math.Max(scale, Math.Abs(numeric.Weights[last][i]));
        }

        Assert.True(maxDifference / scale > 0.005, "a 1% error in the gradient must be visible");
    }

    /// <summary>
    /// Normwise bound on a float gradient's error relative to the layer's largest exact gradient:
    /// every entry is a chain of dot products (forward and backward) whose lengths add up to at most
    /// K = batch + Σ_l (Inputs_l + Outputs_l) + 8 (the +8 covers the element-wise activation and loss
    /// steps); each float operation adds at most ε = 2⁻²⁴ relative error, doubled for the two passes.
    /// </summary>
    private static double Bound(Network network, int batch)
    {
        int k = batch + network.Layers.Sum(l => l.Inputs + l.Outputs) + 8;
        return 2 * 2 * k * FloatEpsilon;
    }

    private static void CheckLayer(ReadOnlySpan<float> got, double[] exact, double[] numeric, double bound, string context)
    {
        double scale = exact.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < exact.Length; i++)
        {
            // The reference chain rule against central differences, both double: truncation O(h²) and
            // cancellation O(ε_double·|L|/h) with h = 1e-6 stay below 1e-8 here.
            Assert.True(Math.Abs(exact[i] - numeric[i]) <= 1e-8 + 1e-6 * Math.Abs(exact[i]),
                $"{context}[{i}]: reference {exact[i]} vs central difference {numeric[i]}");
            Assert.True(Math.Abs(got[i] - exact[i]) <= bound * scale + 1e-30,
                $"{context}[{i}]: backprop {got[i]} vs exact {exact[i]} (bound {bound * scale})");
        }
    }

    internal static Loss Create(Kind kind, Reduction reduction) => kind switch
    {
        Kind.MeanSquaredError => Loss.MeanSquaredError(reduction),
        Kind.CrossEntropy => Loss.CrossEntropy(reduction),
        Kind.L1 => Loss.L1(reduction),
        Kind.Huber => Loss.Huber(reduction),
        _ => Loss.BinaryCrossEntropy(reduction),
    };

    internal static (float[] Targets, double[] Dense) Targets(Random random, TargetKind kind, int batch, int width)
    {
        switch (kind)
        {
            case TargetKind.Indices:
                var indices = Enumerable.Range(0, batch).Select(_ => (float)random.Next(width)).ToArray();
                var oneHot = new double[batch * width];
                for (int s = 0; s < batch; s++) oneHot[s * width + (int)indices[s]] = 1;
                return (indices, oneHot);
            case TargetKind.Probabilities:
                var probabilities = RandomNetworks.ProbabilityRows(random, batch, width);
                return (probabilities, RandomNetworks.ToDouble(probabilities));
            case TargetKind.Unit:
                var unit = RandomNetworks.Uniform01(random, batch * width);
                return (unit, RandomNetworks.ToDouble(unit));
            default:
                var dense = RandomNetworks.Normal(random, batch * width);
                return (dense, RandomNetworks.ToDouble(dense));
        }
    }

    internal static string Describe(Network network) =>
        network.InputSize + "-" + string.Join("-", network.Layers.Select(l => $"{l.Outputs}{l.Activation}"));
}
