using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Layer and batch normalization of row-major rows×cols matrices (one sample per row) and their backward
/// passes, vectorized per <see cref="Isa.VectorBits"/>; nothing is allocated. Layer normalization normalizes
/// each row over its cols entries; batch normalization each column over the rows. Both use the biased
/// variance σ² = mean((x − μ)²), r = 1/√(σ² + ε), x̂ = (x − μ)·r and y = γ·x̂ + β (PyTorch's LayerNorm
/// and BatchNorm1d in training mode), with γ (<c>scale</c>) and β (<c>shift</c>) per column.
/// </summary>
public static unsafe class Normalizations
{
    /// <summary>
    /// Layer normalization, one fused pass per row while it is in cache: μ_i = Σ_j x_ij / cols,
    /// σ²_i = Σ_j (x_ij − μ_i)² / cols (two passes, so no cancellation), r_i = 1/√(σ²_i + ε),
    /// x̂_ij = (x_ij − μ_i)·r_i, y_ij = γ_j·x̂_ij + β_j. <paramref name="normalized"/> (rows·cols, receives x̂)
    /// and <paramref name="inverseStd"/> (rows, receives r) may be empty when the backward pass will not run.
    /// y and normalized may each be x (in place) but not each other. Against exact arithmetic the error of
    /// x̂ is a few units of 2^-24 times (1 + |x̂|)·(1 + cols·2^-24).
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is too short, or spans overlap other than as allowed.</exception>
    public static void LayerNormalize(ReadOnlySpan<float> x, int rows, int cols, float epsilon, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift,
        Span<float> normalized, Span<float> inverseStd, Span<float> y)
    {
        CheckMatrix(x, rows, cols, y, nameof(x), nameof(y));
        CheckVectors(cols, scale, shift);
        CheckSaved(x, rows, cols, normalized, inverseStd, y, rows);
        fixed (float* px = x)
        fixed (float* pgamma = scale)
        fixed (float* pbeta = shift)
        fixed (float* pnormalized = normalized)
        fixed (float* pinverse = inverseStd)
        fixed (float* py = y)
        {
            nuint n = (nuint)cols;
            for (int row = 0; row < rows; row++)
            {
                nuint offset = (nuint)row * n;
                float mean = RowSums.Sum(px + offset, n) / cols;
                float r = 1f / MathF.Sqrt(RowSums.SquaredDeviations(px + offset, n, mean) / cols + epsilon);
                if (pinverse != null) pinverse[row] = r;
                float* savedRow = pnormalized == null ? null : pnormalized + offset;
                Run(NormalizeBody.ForRow(px + offset, mean, r, pgamma, pbeta, savedRow, py + offset), n);
            }
        }
    }

    /// <summary>
    /// Backward pass of <see cref="LayerNormalize"/> per row from x̂, r and dy (rows×cols): with g = dy·γ,
    /// dx_ij = r_i·(g_ij − mean_j(g_i·) − x̂_ij·mean_j(g_i·x̂_i·)); and over the rows
    /// dγ_j += Σ_i dy_ij·x̂_ij, dβ_j += Σ_i dy_ij (accumulated: the caller clears). dx may be dy.
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is too short, or spans overlap other than dx = dy.</exception>
    public static void LayerNormalizeGrad(ReadOnlySpan<float> normalized, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> dy, int rows, int cols, Span<float> dx, Span<float> scaleGrad, Span<float> shiftGrad)
    {
        CheckGrad(normalized, scale, dy, rows, cols, dx, scaleGrad, shiftGrad);
        Check.Length(inverseStd.Length, rows, nameof(inverseStd), "rows");
        fixed (float* pnormalized = normalized)
        fixed (float* pinverse = inverseStd)
        fixed (float* pgamma = scale)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        fixed (float* pgammaGrad = scaleGrad)
        fixed (float* pbetaGrad = shiftGrad)
        {
            nuint n = (nuint)cols;
            for (int row = 0; row < rows; row++)
            {
                nuint offset = (nuint)row * n;
                float* dyRow = pdy + offset, normalizedRow = pnormalized + offset;
                Run(new ColumnSumsBody(dyRow, normalizedRow, pbetaGrad, pgammaGrad, false), n);
                var (gradient, projection) = RowSums.GradientSums(dyRow, pgamma, normalizedRow, n);
                Run(NormalizeGradBody.ForRow(dyRow, normalizedRow, pgamma, pinverse[row], gradient / cols, projection / cols, pdx + offset), n);
            }
        }
    }

    /// <summary>
    /// Column statistics of a batch: mean_j = Σ_i x_ij / rows and the biased variance_j = Σ_i (x_ij − mean_j)² / rows
    /// (two passes). rows must be positive.
    /// </summary>
    /// <exception cref="ArgumentException">rows is not positive, cols is negative, or a span is too short.</exception>
    public static void ColumnMeanAndVariance(ReadOnlySpan<float> x, int rows, int cols, Span<float> mean, Span<float> variance)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be positive.");
        Check.NonNegative(cols, nameof(cols));
        Check.Length(x.Length, (long)rows * cols, nameof(x), "rows·cols");
        Check.Length(mean.Length, cols, nameof(mean), "cols");
        Check.Length(variance.Length, cols, nameof(variance), "cols");
        Aliasing.Disjoint(x, mean, nameof(x), nameof(mean));
        Aliasing.Disjoint(x, variance, nameof(x), nameof(variance));
        Aliasing.Disjoint(mean, variance, nameof(mean), nameof(variance));
        var means = mean[..cols];
        var variances = variance[..cols];
        means.Clear();
        variances.Clear();
        Reductions.AddColumnSums(x, rows, cols, means);
        BinaryDriver.RunScalar<MultiplyOperator>(means, 1f / rows, means);
        fixed (float* px = x)
        fixed (float* pmean = means)
        fixed (float* pvariance = variances)
        {
            for (int row = 0; row < rows; row++)
            {
                Run(new ColumnSumsBody(px + (nuint)row * (nuint)cols, pmean, null, pvariance, true), (nuint)cols);
            }
        }

        BinaryDriver.RunScalar<MultiplyOperator>(variances, 1f / rows, variances);
    }

    /// <summary>
    /// Batch normalization's per-column map: x̂_ij = (x_ij − mean_j)·inverseStd_j, y_ij = γ_j·x̂_ij + β_j, with
    /// the batch's statistics in training or the running ones at inference. <paramref name="normalized"/>
    /// (receives x̂) may be empty; y and normalized may each be x but not each other.
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is too short, or spans overlap other than as allowed.</exception>
    public static void NormalizeColumns(ReadOnlySpan<float> x, int rows, int cols, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> normalized, Span<float> y)
    {
        CheckMatrix(x, rows, cols, y, nameof(x), nameof(y));
        CheckVectors(cols, scale, shift);
        CheckVectors(cols, mean, inverseStd);
        CheckSaved(x, rows, cols, normalized, Span<float>.Empty, y, 0);
        fixed (float* px = x)
        fixed (float* pmean = mean)
        fixed (float* pinverse = inverseStd)
        fixed (float* pgamma = scale)
        fixed (float* pbeta = shift)
        fixed (float* pnormalized = normalized)
        fixed (float* py = y)
        {
            nuint n = (nuint)cols;
            for (int row = 0; row < rows; row++)
            {
                nuint offset = (nuint)row * n;
                float* savedRow = pnormalized == null ? null : pnormalized + offset;
                Run(NormalizeBody.ForColumns(px + offset, pmean, pinverse, pgamma, pbeta, savedRow, py + offset), n);
            }
        }
    }

    /// <summary>
    /// Backward pass of batch normalization in training mode from x̂, r (per column) and dy (rows×cols): with
    /// s_j = Σ_i dy_ij and p_j = Σ_i dy_ij·x̂_ij, dx_ij = γ_j·r_j·(dy_ij − s_j/rows − x̂_ij·p_j/rows); dγ_j += p_j,
    /// dβ_j += s_j (accumulated: the caller clears). <paramref name="scratch"/> holds 3·cols floats. dx may be dy.
    /// </summary>
    /// <exception cref="ArgumentException">rows is not positive, cols is negative, a span is too short, or spans overlap other than dx = dy.</exception>
    public static void NormalizeColumnsGrad(ReadOnlySpan<float> normalized, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> dy, int rows, int cols, Span<float> scratch, Span<float> dx, Span<float> scaleGrad, Span<float> shiftGrad)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be positive.");
        CheckGrad(normalized, scale, dy, rows, cols, dx, scaleGrad, shiftGrad);
        Check.Length(inverseStd.Length, cols, nameof(inverseStd), "cols");
        Check.Length(scratch.Length, 3L * cols, nameof(scratch), "3·cols");
        Aliasing.Disjoint(dy, scratch, nameof(dy), nameof(scratch));
        var sums = scratch[..cols];
        var projections = scratch.Slice(cols, cols);
        var factors = scratch.Slice(2 * cols, cols);
        sums.Clear();
        projections.Clear();
        fixed (float* pnormalized = normalized)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        fixed (float* psums = sums)
        fixed (float* pprojections = projections)
        fixed (float* pfactors = factors)
        {
            nuint n = (nuint)cols;
            for (int row = 0; row < rows; row++)
            {
                nuint offset = (nuint)row * n;
                Run(new ColumnSumsBody(pdy + offset, pnormalized + offset, psums, pprojections, false), n);
            }

            BinaryDriver.Run<AddOperator>(shiftGrad[..cols], sums, shiftGrad[..cols]);
            BinaryDriver.Run<AddOperator>(scaleGrad[..cols], projections, scaleGrad[..cols]);
            BinaryDriver.Run<MultiplyOperator>(scale[..cols], inverseStd[..cols], factors);
            BinaryDriver.RunScalar<MultiplyOperator>(sums, 1f / rows, sums);
            BinaryDriver.RunScalar<MultiplyOperator>(projections, 1f / rows, projections);
            for (int row = 0; row < rows; row++)
            {
                nuint offset = (nuint)row * n;
                Run(NormalizeGradBody.ForColumns(pdy + offset, pnormalized + offset, pfactors, psums, pprojections, pdx + offset), n);
            }
        }
    }

    /// <summary>y_i = a_i·b_i (inverted dropout applies its mask of 0 and 1/(1 − p) with it). y may be a or b.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or y partially overlaps an input.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Check.SameLength(b.Length, a.Length, nameof(b), nameof(a));
        Check.SameLength(y.Length, a.Length, nameof(y), nameof(a));
        Aliasing.SameOrDisjoint(a, y, nameof(a), nameof(y));
        Aliasing.SameOrDisjoint(b, y, nameof(b), nameof(y));
        BinaryDriver.Run<MultiplyOperator>(a, b, y);
    }

    private static void Run<TBody>(TBody body, nuint n)
        where TBody : struct, ICountedBody => ElementwiseLoop.Run(new Counted<TBody>(body), n);

    private static void CheckMatrix(ReadOnlySpan<float> input, int rows, int cols, Span<float> output, string inputName, string outputName)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(input.Length, (long)rows * cols, inputName, "rows·cols");
        Check.Length(output.Length, (long)rows * cols, outputName, "rows·cols");
        Aliasing.SameOrDisjoint(input, output, inputName, outputName);
    }

    private static void CheckVectors(int cols, ReadOnlySpan<float> first, ReadOnlySpan<float> second)
    {
        Check.Length(first.Length, cols, "scale", "cols");
        Check.Length(second.Length, cols, "shift", "cols");
    }

    private static void CheckSaved(ReadOnlySpan<float> x, int rows, int cols, Span<float> normalized, Span<float> inverseStd, Span<float> y, int statistics)
    {
        if (!normalized.IsEmpty)
        {
            Check.Length(normalized.Length, (long)rows * cols, nameof(normalized), "rows·cols");
            Aliasing.SameOrDisjoint(x, normalized, nameof(x), nameof(normalized));
            Aliasing.Disjoint(normalized, y, nameof(normalized), nameof(y));
        }

        if (!inverseStd.IsEmpty) Check.Length(inverseStd.Length, statistics, nameof(inverseStd), "rows");
    }

    private static void CheckGrad(ReadOnlySpan<float> normalized, ReadOnlySpan<float> scale, ReadOnlySpan<float> dy, int rows, int cols,
        Span<float> dx, Span<float> scaleGrad, Span<float> shiftGrad)
    {
        CheckMatrix(dy, rows, cols, dx, nameof(dy), nameof(dx));
        Check.Length(normalized.Length, (long)rows * cols, nameof(normalized), "rows·cols");
        Aliasing.Disjoint(normalized, dx, nameof(normalized), nameof(dx));
        Check.Length(scale.Length, cols, nameof(scale), "cols");
        Check.Length(scaleGrad.Length, cols, nameof(scaleGrad), "cols");
        Check.Length(shiftGrad.Length, cols, nameof(shiftGrad), "cols");
    }
}
