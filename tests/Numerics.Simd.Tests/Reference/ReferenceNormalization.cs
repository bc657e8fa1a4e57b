namespace Numerics.Simd.Tests.Reference;

/// <summary>
/// Layer and batch normalization in double, as plain as possible: groups of values (a row, or a column)
/// normalized by their mean and biased variance, and the backward pass written out from the formulas.
/// </summary>
public static class ReferenceNormalization
{
    /// <summary>The indices of group g: row g (layer normalization) or column g (batch normalization) of a rows×cols matrix.</summary>
    public static int[] Group(int g, int rows, int cols, bool perRow) =>
        perRow ? Enumerable.Range(g * cols, cols).ToArray() : Enumerable.Range(0, rows).Select(r => r * cols + g).ToArray();

    /// <summary>x̂, y = γ·x̂ + β and r per group.</summary>
    public static (double[] Normalized, double[] Y, double[] InverseStd) Forward(float[] x, int rows, int cols, bool perRow,
        float[] scale, float[] shift, double epsilon)
    {
        int groups = perRow ? rows : cols;
        var normalized = new double[rows * cols];
        var y = new double[rows * cols];
        var inverseStd = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            var indices = Group(g, rows, cols, perRow);
            double mean = indices.Average(i => (double)x[i]);
            double variance = indices.Average(i => (x[i] - mean) * (x[i] - mean));
            inverseStd[g] = 1 / Math.Sqrt(variance + epsilon);
            foreach (int i in indices)
            {
                normalized[i] = (x[i] - mean) * inverseStd[g];
                y[i] = scale[i % cols] * normalized[i] + shift[i % cols];
            }
        }

        return (normalized, y, inverseStd);
    }

    /// <summary>dx = r·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ over each group; dγ = Σ dy·x̂, dβ = Σ dy over the rows.</summary>
    public static (double[] Dx, double[] ScaleGrad, double[] ShiftGrad) Backward(float[] normalized, float[] inverseStd, float[] scale, float[] dy,
        int rows, int cols, bool perRow)
    {
        int groups = perRow ? rows : cols;
        var dx = new double[rows * cols];
        var scaleGrad = new double[cols];
        var shiftGrad = new double[cols];
        for (int i = 0; i < rows * cols; i++)
        {
            scaleGrad[i % cols] += (double)dy[i] * normalized[i];
            shiftGrad[i % cols] += dy[i];
        }

        for (int g = 0; g < groups; g++)
        {
            var indices = Group(g, rows, cols, perRow);
            double gradientMean = indices.Average(i => (double)dy[i] * scale[i % cols]);
            double projectionMean = indices.Average(i => (double)dy[i] * scale[i % cols] * normalized[i]);
            foreach (int i in indices)
            {
                dx[i] = inverseStd[g] * ((double)dy[i] * scale[i % cols] - gradientMean - normalized[i] * projectionMean);
            }
        }

        return (dx, scaleGrad, shiftGrad);
    }
}
