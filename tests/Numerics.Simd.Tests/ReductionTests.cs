using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary><see cref="Reductions.AddColumnSums"/> against double column sums, over shapes around every vector width.</summary>
public class ReductionTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 0, 1, 2, 3, 7, 64 })
        {
            foreach (int cols in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 257 }) data.Add(rows, cols);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddColumnSums_accumulates_within_the_summation_bound(int rows, int cols)
    {
        var random = new Random(rows * 7919 + cols);
        var matrix = Uniform(random, rows * cols, -4, 4);
        var sums = Uniform(random, cols + 3, -1, 1);
        var before = (float[])sums.Clone();

        Reductions.AddColumnSums(matrix, rows, cols, sums);

        var want = ReferenceActivations.ColumnSums(matrix, rows, cols);
        for (int j = 0; j < cols; j++)
        {
            // rows additions in float, each with relative error ≤ u on a partial sum ≤ Σ|terms|.
            double magnitude = Math.Abs(before[j]);
            for (int r = 0; r < rows; r++) magnitude += Math.Abs(matrix[r * cols + j]);
            double bound = rows * U * magnitude;
            Assert.True(Math.Abs(sums[j] - (before[j] + want[j])) <= bound, $"rows {rows} cols {cols} j {j}: {sums[j]} vs {before[j] + want[j]}");
        }

        for (int j = cols; j < sums.Length; j++) Assert.Equal(before[j], sums[j]);
    }

    [Fact]
    public void AddColumnSums_of_small_integers_is_exact()
    {
        const int rows = 37, cols = 19;
        var matrix = new float[rows * cols];
        for (int i = 0; i < matrix.Length; i++) matrix[i] = (i % 11) - 5;
        var sums = new float[cols];
        Reductions.AddColumnSums(matrix, rows, cols, sums);
        var want = ReferenceActivations.ColumnSums(matrix, rows, cols);
        for (int j = 0; j < cols; j++) Assert.Equal(want[j], sums[j]);
    }

    [Fact]
    public void AddColumnSums_checks_its_arguments()
    {
        var matrix = new float[12];
        var sums = new float[4];
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.AddColumnSums(matrix, -1, 4, sums)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.AddColumnSums(matrix, 3, -4, sums)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Reductions.AddColumnSums(matrix, 4, 4, sums)).ParamName);
        Assert.Equal("sums", Assert.Throws<ArgumentException>(() => Reductions.AddColumnSums(matrix, 2, 5, sums)).ParamName);
        Assert.Equal("sums", Assert.Throws<ArgumentException>(() => Reductions.AddColumnSums(matrix, 2, 4, matrix.AsSpan(8, 4))).ParamName);
    }

    [Fact]
    public void AddColumnSums_allocates_nothing()
    {
        var matrix = new float[64 * 33];
        var sums = new float[33];
        Reductions.AddColumnSums(matrix, 64, 33, sums);
        Assert.Equal(0, Allocations.FewestPerRun(() => Reductions.AddColumnSums(matrix, 64, 33, sums)));
    }
}
