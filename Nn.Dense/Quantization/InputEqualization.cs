using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// Input equalization of an int8 layer (the weight-only form of SmoothQuant's migration, α = ½): when a few inputs'
/// weight columns are far larger than the rest, as when `train` folds a table's standardization x' = (x − μ)/σ into
/// the first layer (W/σ with a tiny σ for a nearly constant input), one symmetric scale per output leaves the other
/// columns only a few codes. Multiplying input p by s_p and dividing column p of W by s_p keeps the product and moves
/// half of the imbalance (in log scale) from the weights to the activations.
/// </summary>
internal static class InputEqualization
{
    /// <summary>
    /// Below this ratio of the largest column maximum to the median one, no equalization: the factors are all 1 and
    /// Predict pays nothing. Random and trained unstandardized layers stay well below it (the Fashion-MNIST model's first
    /// layer is near 4); a standardized table's first layer is far above (digits: about 180).
    /// </summary>
    public const float Threshold = 16f;

    /// <summary>
    /// The factors for W (outputs × inputs, row-major): with c_p = max_j |W[j, p]| and m the median of the non-zero
    /// c_p, s_p = 2^round(log2 √(c_p/m)) (1 for a zero column) when max_p c_p > <see cref="Threshold"/>·m, else all 1.
    /// Powers of two, so that x·s_p and W/s_p are exact in float32 (short of overflow and underflow).
    /// </summary>
    public static float[] Choose(ReadOnlySpan<float> weights, int outputs, int inputs)
    {
        var factors = new float[inputs];
        Array.Fill(factors, 1f);
        var columnMaxima = new float[inputs];
        for (int j = 0; j < outputs; j++)
        {
            var row = weights.Slice(j * inputs, inputs);
            for (int p = 0; p < inputs; p++) columnMaxima[p] = Math.Max(columnMaxima[p], Math.Abs(row[p]));
        }

        var nonZero = columnMaxima.Where(value => value > 0).Order().ToArray();
        if (nonZero.Length == 0) return factors;
        float median = nonZero[nonZero.Length / 2];
        if (nonZero[^1] <= Threshold * median) return factors;
        for (int p = 0; p < inputs; p++)
        {
            if (columnMaxima[p] > 0) factors[p] = MathF.Pow(2, MathF.Round(0.5f * MathF.Log2(columnMaxima[p] / median)));
        }

        return factors;
    }

    /// <summary>W[j, p] / s_p for every row j (exact: the factors are powers of two).</summary>
    public static void Divide(Span<float> weights, int inputs, ReadOnlySpan<float> factors)
    {
        for (int i = 0; i < weights.Length; i++) weights[i] /= factors[i % inputs];
    }

    /// <summary>scaled[r, p] = x[r, p]·s_p for a batch × inputs matrix (row-major).</summary>
    public static void Apply(ReadOnlySpan<float> x, int batch, ReadOnlySpan<float> factors, Span<float> scaled)
    {
        int inputs = factors.Length;
        for (int r = 0; r < batch; r++) Normalizations.Multiply(x.Slice(r * inputs, inputs), factors, scaled.Slice(r * inputs, inputs));
    }
}
