using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>
/// Layer and batch normalization and their backward passes against the double reference, on every row length
/// around the vector widths (remainders, masked tails) at the running instruction-set cap.
/// </summary>
/// <remarks>
/// The bounds, with n the size of a group (cols for layer, rows for batch normalization): the float mean is
/// within n·u·mean|x| (n roundings of a sum) and the variance within (n + 4)·u relative (the mean's error
/// only enters to second order, Σ(x − μ) being 0); r = 1/√(σ² + ε) then within (n + 8)/2·u + 2u; x̂ within
/// r·(n·u·mean|x| + u·|x − μ|) + |x̂|·(n + 8)·u; y adds |γ|·that and 2u·(|γx̂| + |β|). The backward pass's
/// sums add n·u·Σ|terms| each. A factor 2 covers the second-order terms.
/// </remarks>
public class NormalizationTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 3, 8 })
        {
            for (int cols = 1; cols <= 35; cols++) data.Add(rows, cols);
            foreach (int cols in new[] { 47, 63, 64, 65, 127, 129, 300 }) data.Add(rows, cols);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Layer_normalization_matches_the_double_reference(int rows, int cols) => CheckForward(rows, cols, perRow: true);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Batch_normalization_matches_the_double_reference(int rows, int cols) => CheckForward(rows, cols, perRow: false);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Layer_normalization_backward_matches_the_double_reference(int rows, int cols) => CheckBackward(rows, cols, perRow: true);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Batch_normalization_backward_matches_the_double_reference(int rows, int cols) => CheckBackward(rows, cols, perRow: false);

    [Fact]
    public void Layer_normalization_works_in_place_and_without_saving()
    {
        var random = new Random(5);
        var x = Uniform(random, 4 * 37, -3, 5);
        var scale = Uniform(random, 37, 0.5f, 2);
        var shift = Uniform(random, 37, -1, 1);
        var y = new float[x.Length];
        Normalizations.LayerNormalize(x, 4, 37, 1e-5f, scale, shift, new float[x.Length], new float[4], y);
        var inPlace = (float[])x.Clone();
        Normalizations.LayerNormalize(inPlace, 4, 37, 1e-5f, scale, shift, [], [], inPlace);
        Assert.Equal(y, inPlace);
    }

    [Fact]
    public void Partial_overlaps_and_short_spans_are_refused()
    {
        var x = new float[20];
        var gamma = new float[5];
        Assert.Throws<ArgumentException>(() => Normalizations.LayerNormalize(x, 4, 5, 1e-5f, gamma, gamma, [], [], x.AsSpan(1)));
        Assert.Throws<ArgumentException>(() => Normalizations.LayerNormalize(x, 4, 5, 1e-5f, gamma, new float[4], [], [], new float[20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalizations.ColumnMeanAndVariance(x, 0, 5, new float[5], new float[5]));
        Assert.Throws<ArgumentException>(() => Normalizations.Multiply(x, new float[19], new float[20]));
    }

    private static void CheckForward(int rows, int cols, bool perRow)
    {
        var random = new Random(rows * 1009 + cols * 7 + (perRow ? 1 : 0));
        var x = Uniform(random, rows * cols, -4, 6);
        var scale = Uniform(random, cols, -2, 2);
        var shift = Uniform(random, cols, -1, 1);
        var normalized = new float[rows * cols];
        var y = new float[rows * cols + 1];
        y[^1] = 777f;
        var inverseStd = new float[perRow ? rows : cols];
        if (perRow)
        {
            Normalizations.LayerNormalize(x, rows, cols, 1e-5f, scale, shift, normalized, inverseStd, y);
        }
        else
        {
            var mean = new float[cols];
            var variance = new float[cols];
            Normalizations.ColumnMeanAndVariance(x, rows, cols, mean, variance);
            for (int j = 0; j < cols; j++) inverseStd[j] = 1f / MathF.Sqrt(variance[j] + 1e-5f);
            Normalizations.NormalizeColumns(x, rows, cols, mean, inverseStd, scale, shift, normalized, y);
        }

        Assert.Equal(777f, y[^1]);
        var want = ReferenceNormalization.Forward(x, rows, cols, perRow, scale, shift, 1e-5);
        int n = perRow ? cols : rows;
        for (int g = 0; g < inverseStd.Length; g++)
        {
            var indices = ReferenceNormalization.Group(g, rows, cols, perRow);
            double meanAbs = indices.Average(i => Math.Abs((double)x[i]));
            double r = want.InverseStd[g];
            Assert.True(Math.Abs(inverseStd[g] - r) <= 2 * U * (n + 12) * r, $"{Describe(rows, cols, perRow)} r[{g}]: {inverseStd[g]} vs {r}");
            foreach (int i in indices)
            {
                double xHat = want.Normalized[i];
                double xHatBound = 2 * (r * (n * U * meanAbs + U * Math.Abs(xHat / r)) + Math.Abs(xHat) * (n + 8) * U);
                Assert.True(Math.Abs(normalized[i] - xHat) <= xHatBound, $"{Describe(rows, cols, perRow)} x̂[{i}]: {normalized[i]} vs {xHat} (bound {xHatBound:E2})");
                double yBound = Math.Abs(scale[i % cols]) * xHatBound + 2 * U * (Math.Abs(scale[i % cols] * xHat) + Math.Abs(shift[i % cols])) * 2;
                Assert.True(Math.Abs(y[i] - want.Y[i]) <= yBound, $"{Describe(rows, cols, perRow)} y[{i}]: {y[i]} vs {want.Y[i]} (bound {yBound:E2})");
            }
        }
    }

    private static void CheckBackward(int rows, int cols, bool perRow)
    {
        var random = new Random(rows * 2003 + cols * 11 + (perRow ? 1 : 0));
        var x = Uniform(random, rows * cols, -4, 6);
        var scale = Uniform(random, cols, -2, 2);
        var dy = Uniform(random, rows * cols, -1, 1);
        var normalized = new float[rows * cols];
        var inverseStd = new float[perRow ? rows : cols];
        var y = new float[rows * cols];
        var dx = (float[])dy.Clone();
        var scaleGrad = Enumerable.Repeat(0.5f, cols).ToArray();
        var shiftGrad = Enumerable.Repeat(-0.25f, cols).ToArray();
        if (perRow)
        {
            Normalizations.LayerNormalize(x, rows, cols, 1e-5f, scale, new float[cols], normalized, inverseStd, y);
            Normalizations.LayerNormalizeGrad(normalized, inverseStd, scale, dx, rows, cols, dx, scaleGrad, shiftGrad);
        }
        else
        {
            var mean = new float[cols];
            Normalizations.ColumnMeanAndVariance(x, rows, cols, mean, inverseStd);
            for (int j = 0; j < cols; j++) inverseStd[j] = 1f / MathF.Sqrt(inverseStd[j] + 1e-5f);
            Normalizations.NormalizeColumns(x, rows, cols, mean, inverseStd, scale, new float[cols], normalized, y);
            Normalizations.NormalizeColumnsGrad(normalized, inverseStd, scale, dx, rows, cols, new float[3 * cols], dx, scaleGrad, shiftGrad);
        }

        var want = ReferenceNormalization.Backward(normalized, inverseStd, scale, dy, rows, cols, perRow);
        int n = perRow ? cols : rows;
        for (int g = 0; g < inverseStd.Length; g++)
        {
            var indices = ReferenceNormalization.Group(g, rows, cols, perRow);
            double gradientMean = indices.Average(i => Math.Abs((double)dy[i] * scale[i % cols]));
            double projectionMean = indices.Average(i => Math.Abs((double)dy[i] * scale[i % cols] * normalized[i]));
            foreach (int i in indices)
            {
                double bound = 2 * ((double)inverseStd[g] * (n + 6) * U * (Math.Abs(dy[i] * scale[i % cols]) + gradientMean + Math.Abs(normalized[i]) * projectionMean)
                    + 4 * U * Math.Abs(want.Dx[i]));
                Assert.True(Math.Abs(dx[i] - want.Dx[i]) <= bound, $"{Describe(rows, cols, perRow)} dx[{i}]: {dx[i]} vs {want.Dx[i]} (bound {bound:E2})");
            }
        }

        for (int j = 0; j < cols; j++)
        {
            double sumAbs = 0.5 + Enumerable.Range(0, rows).Sum(r => Math.Abs((double)dy[r * cols + j]) * (1 + Math.Abs(normalized[r * cols + j])));
            double bound = 2 * (rows + 2) * U * sumAbs;
            Assert.True(Math.Abs(scaleGrad[j] - (0.5 + want.ScaleGrad[j])) <= bound, $"{Describe(rows, cols, perRow)} dγ[{j}]: {scaleGrad[j]} vs {0.5 + want.ScaleGrad[j]}");
            Assert.True(Math.Abs(shiftGrad[j] - (-0.25 + want.ShiftGrad[j])) <= bound, $"{Describe(rows, cols, perRow)} dβ[{j}]: {shiftGrad[j]} vs {-0.25 + want.ShiftGrad[j]}");
        }
    }

    private static string Describe(int rows, int cols, bool perRow) =>
        $"{(perRow ? "layer" : "batch")} normalization, rows {rows} cols {cols}, path {Isa.Describe()}";
}
