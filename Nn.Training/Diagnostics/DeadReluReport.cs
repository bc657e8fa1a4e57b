using Nn.Dense;

namespace Nn.Training;

/// <summary>The dead units of one ReLU layer.</summary>
/// <param name="Layer">The layer index.</param>
/// <param name="Units">The layer's unit count (Outputs).</param>
/// <param name="DeadUnits">The units whose pre-activation was ≤ 0 for every sample, ascending.</param>
public sealed record DeadReluLayer(int Layer, int Units, IReadOnlyList<int> DeadUnits)
{
    /// <summary>DeadUnits.Count / Units.</summary>
    public double DeadFraction => (double)DeadUnits.Count / Units;
}

/// <summary>
/// Dead ReLU units: a unit j of a ReLU layer whose pre-activation z_j ≤ 0 for every sample of a data
/// set has f'(z_j) = 0 everywhere, so its incoming weights and bias never receive a gradient and it
/// never recovers. LeakyReLU units cannot die and are not reported.
/// </summary>
public sealed class DeadReluReport
{
    private DeadReluReport(IReadOnlyList<DeadReluLayer> layers) => Layers = layers;

    /// <summary>One entry per ReLU layer, in network order.</summary>
    public IReadOnlyList<DeadReluLayer> Layers { get; }

    /// <summary>The dead units over all ReLU layers.</summary>
    public int TotalDead => Layers.Sum(l => l.DeadUnits.Count);

    /// <summary>Runs the network over <paramref name="samples"/> rows of <paramref name="inputs"/> (samples × InputSize) in chunks and reports dead units.</summary>
    /// <exception cref="ArgumentException">A null network, a non-positive sample count or chunk, or inputs of the wrong length.</exception>
    public static DeadReluReport Analyze(Network network, ReadOnlySpan<float> inputs, int samples, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (samples <= 0) throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be positive.");
        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be positive.");
        if (inputs.Length != (long)samples * network.InputSize)
        {
            throw new ArgumentException($"inputs has {inputs.Length} values; {samples} samples need {(long)samples * network.InputSize}.", nameof(inputs));
        }

        var alive = network.Layers.Select(l => new bool[l.Outputs]).ToArray();
        var cache = new ForwardCache(network);
        for (int start = 0; start < samples; start += chunk)
        {
            int rows = Math.Min(chunk, samples - start);
            network.Forward(inputs.Slice(start * network.InputSize, rows * network.InputSize), rows, cache, training: false);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                if (network.Layers[l].Activation != Activation.Relu) continue;
                var z = cache.PreActivations(l);
                int width = network.Layers[l].Outputs;
                for (int i = 0; i < z.Length; i++) if (z[i] > 0) alive[l][i % width] = true;
            }
        }

        var layers = new List<DeadReluLayer>();
        for (int l = 0; l < network.Layers.Count; l++)
        {
            if (network.Layers[l].Activation != Activation.Relu) continue;
            var dead = Enumerable.Range(0, alive[l].Length).Where(j => !alive[l][j]).ToArray();
            layers.Add(new DeadReluLayer(l, alive[l].Length, dead));
        }

        return new DeadReluReport(layers);
    }

    /// <summary>Analyzes every sample of a data set.</summary>
    /// <exception cref="ArgumentException">As <see cref="Analyze(Network, ReadOnlySpan{float}, int, int)"/>.</exception>
    public static DeadReluReport Analyze(Network network, Dataset dataset, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Analyze(network, dataset.Features, dataset.Samples, chunk);
    }
}
