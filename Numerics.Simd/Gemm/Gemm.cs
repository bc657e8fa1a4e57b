namespace Numerics.Simd;

/// <summary>Single-precision general matrix-matrix product (SGEMM), row-major.</summary>
public static class Gemm
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, row-major. op(A) is m×k, op(B) is k×n, C is m×n.
    /// A is stored m×k (lda ≥ k) when <paramref name="transA"/> is <see cref="Transpose.No"/>,
    /// else k×m (lda ≥ m); likewise B is k×n (ldb ≥ n) or n×k (ldb ≥ k). ldc ≥ n.
    /// beta = 0 means C is not read, so NaN or Inf already in C does not propagate (as in BLAS).
    /// C must not overlap A or B.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(n, nameof(n));
        Check.NonNegative(k, nameof(k));
        if (transA == Transpose.No) Check.Matrix(a.Length, m, k, lda, nameof(a), nameof(lda));
        else Check.Matrix(a.Length, k, m, lda, nameof(a), nameof(lda));
        if (transB == Transpose.No) Check.Matrix(b.Length, k, n, ldb, nameof(b), nameof(ldb));
        else Check.Matrix(b.Length, n, k, ldb, nameof(b), nameof(ldb));
        Check.Matrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));

        // Placeholder: plain loops until the blocked kernels land.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    float bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }

                c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j];
            }
        }
    }
}
