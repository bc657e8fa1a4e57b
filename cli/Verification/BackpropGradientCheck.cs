using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Verification;

/// <summary>
/// Nn.Training's GradientCheck (Backprop.ComputeGradients against central differences of a double
/// forward pass) on random networks with cross-entropy and MSE losses. Its error is normwise per layer,
/// max|g − n| / max|g|; each gradient entry is a float sum of about (width + batch) products per layer
/// passed back through depth layers, so the bound is 16·(width + batch)·depth·u.
/// </summary>
internal static class BackpropGradientCheck
{
    private const double U = 1.0 / (1 << 24);

    public static CheckResult Run(int seed)
    {
        var tally = new CheckTally("Gradient check (Backprop)");
        var random = new Random(seed * 19 + 5);
        foreach (var crossEntropy in new[] { true, false, true })
        {
            int inputs = random.Next(2, 9), hidden1 = random.Next(2, 12), hidden2 = random.Next(2, 12), classes = random.Next(2, 6), batch = random.Next(1, 6);
            var network = new Network(
                new DenseLayer(inputs, hidden1, Activation.Tanh),
                new DenseLayer(hidden1, hidden2, crossEntropy ? Activation.Sigmoid : Activation.Tanh),
                new DenseLayer(hidden2, classes, crossEntropy ? Activation.Softmax : Activation.Identity));
            network.Initialize(seed + random.Next(1000));
            var x = KernelChecks.RandomArray(random, batch * inputs, 2);
            float[] targets = crossEntropy
                ? Enumerable.Range(0, batch).Select(_ => (float)random.Next(classes)).ToArray()
                : KernelChecks.RandomArray(random, batch * classes, 1);
            var loss = crossEntropy ? Loss.CrossEntropy() : Loss.MeanSquaredError();
            var errors = GradientCheck.Run(network, x, targets, batch, loss);
            int width = new[] { inputs, hidden1, hidden2, classes }.Max();
            double tolerance = 16.0 * (width + batch) * 3 * U;
            tally.Case();
            foreach (var error in errors)
            {
                string where = $"{inputs}-{hidden1}-{hidden2}-{classes} {(crossEntropy ? "cross-entropy" : "MSE")}, batch {batch}, seed {seed}: layer {error.Layer}";
                if (!tally.Compare(error.WeightsError, 0, tolerance, () => where + " weights")) break;
                if (!tally.Compare(error.BiasesError, 0, tolerance, () => where + " biases")) break;
            }
        }

        return tally.Result();
    }
}
