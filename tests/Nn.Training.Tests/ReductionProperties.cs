using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nn.Dense;

namespace Nn.Training.Tests;

/// <summary>Mean and Sum reductions differ only by the documented divisor, for every loss.</summary>
public class ReductionProperties
{
    private const double FloatEpsilon = 1.0 / (1 << 24);

    public static Arbitrary<int> Seeds() => Gen.Choose(0, 100_000).ToArbitrary();

    [Property(Arbitrary = [typeof(ReductionProperties)], MaxTest = 60)]
    public Property Sum_is_mean_times_the_divisor(int seed)
    {
        var random = new Random(seed);
        int kind = random.Next(3);
        var last = kind == 0 ? RandomNetworks.Hidden[random.Next(RandomNetworks.Hidden.Length)] : kind == 1 ? Activation.Softmax : Activation.Sigmoid;
        var network = RandomNetworks.Create(random, last);
        int batch = random.Next(1, 6), width = network.OutputSize;
        var x = RandomNetworks.Normal(random, batch * network.InputSize);
        float[] t = kind switch
        {
            0 => RandomNetworks.Normal(random, batch * width),
            1 => Enumerable.Range(0, batch).Select(_ => (float)random.Next(width)).ToArray(),
            _ => RandomNetworks.Uniform01(random, batch * width),
        };
        Loss Make(Reduction r) => kind switch { 0 => Loss.MeanSquaredError(r), 1 => Loss.CrossEntropy(r), _ => Loss.BinaryCrossEntropy(r) };
        double divisor = kind == 1 ? batch : batch * width;

        var mean = new Gradients(network);
        var sum = new Gradients(network);
        float meanLoss = Backprop.ComputeGradients(network, x, t, batch, Make(Reduction.Mean), mean);
        float sumLoss = Backprop.ComputeGradients(network, x, t, batch, Make(Reduction.Sum), sum);

        // The losses are rounded once from double: within 2ε relative. The gradients differ by one
        // rounded factor 1/divisor at the top, carried through the same float operations: within
        // the gradient bound of GradientTests (K·ε per operation chain), relative to the layer's largest entry.
        bool lossOk = Math.Abs(meanLoss * divisor - sumLoss) <= 2 * FloatEpsilon * Math.Abs(sumLoss) * 2 + 1e-30;
        int k = batch + network.Layers.Sum(l => l.Inputs + l.Outputs) + 8;
        bool gradsOk = true;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            foreach (var (m, s) in new[] { (mean.Weights(l).ToArray(), sum.Weights(l).ToArray()), (mean.Biases(l).ToArray(), sum.Biases(l).ToArray()) })
            {
                double scale = s.Select(v => Math.Abs((double)v)).Max();
                for (int i = 0; i < s.Length; i++) gradsOk &= Math.Abs(m[i] * divisor - s[i]) <= 4 * k * FloatEpsilon * scale + 1e-30;
            }
        }

        return (lossOk && gradsOk).Label($"seed {seed}: {GradientTests.Describe(network)}, batch {batch}, loss kind {kind}: mean {meanLoss}·{divisor} vs sum {sumLoss}");
    }
}
