namespace Numerics.Simd;

/// <summary>Single-precision matrix-vector product (SGEMV), row-major.</summary>
public static class Gemv
{
    /// <summary>
    /// y = alpha·op(A)·x + beta·y. A is stored m×n row-major with leading dimension lda ≥ n.
    /// For <see cref="Transpose.No"/>, x has n elements and y has m; for <see cref="Transpose.Yes"/>,
    /// x has m and y has n. beta = 0 means y is not read. y must not overlap A or x.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, lda is too small, or a span is too short.</exception>
    public static void Multiply(Transpose transA, int m, int n, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(n, nameof(n));
        Check.Matrix(a.Length, m, n, lda, nameof(a), nameof(lda));
        int xLength = transA == Transpose.No ? n : m;
        int yLength = transA == Transpose.No ? m : n;
        Check.Length(x.Length, xLength, nameof(x), "op(A)·x");
        Check.Length(y.Length, yLength, nameof(y), "op(A)·x");

        // Placeholder: plain loops until the vector kernels land.
        for (int i = 0; i < yLength; i++)
        {
            float sum = 0;
            for (int p = 0; p < xLength; p++)
            {
                sum += (transA == Transpose.No ? a[i * lda + p] : a[p * lda + i]) * x[p];
            }

            y[i] = beta == 0 ? alpha * sum : alpha * sum + beta * y[i];
        }
    }
}
