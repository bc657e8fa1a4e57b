using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>Sums over one dimension of a row-major matrix, vectorized per <see cref="Isa.VectorBits"/>; nothing is allocated.</summary>
public static class Reductions
{
    /// <summary>
    /// Adds the column sums of a rows×cols row-major matrix (contiguous rows) into
    /// <paramref name="sums"/>: sums[j] += Σ_row matrix[row, j] for j &lt; cols (the bias gradient of a
    /// dense layer, db += Σ over the batch of dZ). Rows are added in order, one rounding per addition.
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, matrix is shorter than rows·cols,
    /// sums is shorter than cols, or sums overlaps matrix.</exception>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(matrix.Length, (long)rows * cols, nameof(matrix), "rows·cols");
        Check.Length(sums.Length, cols, nameof(sums), "cols");
        Aliasing.Disjoint(matrix, sums, nameof(matrix), nameof(sums));
        var target = sums[..cols];
        for (int row = 0; row < rows; row++)
        {
            BinaryDriver.Run<AddOperator>(target, matrix.Slice(row * cols, cols), target);
        }
    }
}
