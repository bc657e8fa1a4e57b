using Numerics.Simd.Tests.Reference;
using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

public class ActivationBiasTests
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
    public void AddBias_adds_the_bias_to_every_row_exactly_once(int rows, int cols)
    {
        var random = new Random(rows * 1000 + cols);
        var matrix = Uniform(random, rows * cols + 5, -4, 4);
        var bias = Uniform(random, cols, -4, 4);
        var before = (float[])matrix.Clone();

        Activations.AddBias(matrix, rows, cols, bias);

        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                // One float addition: correctly rounded, so it equals the rounded double sum.
                Assert.Equal((float)((double)before[r * cols + j] + bias[j]), matrix[r * cols + j]);
            }
        }

        for (int i = rows * cols; i < matrix.Length; i++) Assert.Equal(before[i], matrix[i]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SumRows_accumulates_column_sums_within_the_summation_bound(int rows, int cols)
    {
        var random = new Random(rows * 7919 + cols);
        var matrix = Uniform(random, rows * cols, -4, 4);
        var sums = Uniform(random, cols + 3, -1, 1);
        var before = (float[])sums.Clone();

        Activations.SumRows(matrix, rows, cols, sums);

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
    public void SumRows_of_small_integers_is_exact()
    {
        const int rows = 37, cols = 19;
        var matrix = new float[rows * cols];
        for (int i = 0; i < matrix.Length; i++) matrix[i] = (i % 11) - 5;
        var sums = new float[cols];
        Activations.SumRows(matrix, rows, cols, sums);
        var want = ReferenceActivations.ColumnSums(matrix, rows, cols);
        for (int j = 0; j < cols; j++) Assert.Equal(want[j], sums[j]);
    }

    [Fact]
    public void Bias_helpers_check_their_arguments()
    {
        var matrix = new float[12];
        var bias = new float[4];
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.AddBias(matrix, -1, 4, bias)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.AddBias(matrix, 3, -4, bias)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Activations.AddBias(matrix, 4, 4, bias)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Activations.AddBias(matrix, 2, 5, bias)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Activations.AddBias(matrix, 2, 4, matrix.AsSpan(8, 4))).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Activations.SumRows(matrix, 4, 4, bias)).ParamName);
        Assert.Equal("sums", Assert.Throws<ArgumentException>(() => Activations.SumRows(matrix, 2, 5, bias)).ParamName);
        Assert.Equal("sums", Assert.Throws<ArgumentException>(() => Activations.SumRows(matrix, 2, 4, matrix.AsSpan(8, 4))).ParamName);
    }

    [Fact]
    public void Bias_helpers_allocate_nothing()
    {
        var matrix = new float[64 * 33];
        var bias = new float[33];
        Activations.AddBias(matrix, 64, 33, bias);
        Activations.SumRows(matrix, 64, 33, bias);
        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            Activations.AddBias(matrix, 64, 33, bias);
            Activations.SumRows(matrix, 64, 33, bias);
        }));
    }
}
