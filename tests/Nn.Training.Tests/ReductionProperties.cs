using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nn.Dense;

namespace Nn.Training.Tests;

/// <summary>
/// Mean and Sum reductions differ only by the documented divisor, for every loss. The sizes are
/// chosen so that the divisor is a power of two: scaling by it commutes with every float rounding,
/// so Mean·divisor must equal Sum bit for bit (loss and every gradient).
/// </summary>
public class ReductionProperties
{
    public static Arbitrary<int> Seeds() => Gen.Choose(0, 100_000).ToArbitrary();

    [Property(Arbitrary = [typeof(ReductionProperties)], MaxTest = 100)]
    public Property Sum_is_mean_times_the_divisor(int seed)
    {
        var random = new Random(seed);
        int kind = random.Next(3);
        var last = kind == 0 ? RandomNetworks.Hidden[random.Next(RandomNetworks.Hidden.Length)] : kind == 1 ? Activation.Softmax : Activation.Sigmoid;
        int[] powers = [1, 2, 4];
        int batch = powers[random.Next(3)];
        int width = kind == 1 ? powers[random.Next(1, 3)] : powers[random.Next(3)];
        var network = RandomNetworks.Create(random, last, width);
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

        bool lossOk = meanLoss * (float)divisor == sumLoss;
        bool gradsOk = true;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            gradsOk &= mean.Weights(l).ToArray().Select(v => v * (float)divisor).SequenceEqual(sum.Weights(l).ToArray());
            gradsOk &= mean.Biases(l).ToArray().Select(v => v * (float)divisor).SequenceEqual(sum.Biases(l).ToArray());
        }

        return (lossOk && gradsOk).Label($"seed {seed}: {GradientTests.Describe(network)}, batch {batch}, loss kind {kind}: mean {meanLoss}·{divisor} vs sum {sumLoss}");
    }
}
