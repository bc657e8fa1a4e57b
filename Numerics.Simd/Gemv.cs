using Numerics.Simd.GemvKernels;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>Single-precision matrix-vector product (SGEMV), row-major.</summary>
public static class Gemv
{
    /// <summary>
    /// y = alpha·op(A)·x + beta·y. A is stored m×n row-major with leading dimension lda ≥ n.
    /// For <see cref="Transpose.No"/>, x has n elements and y has m; for <see cref="Transpose.Yes"/>,
    /// x has m and y has n. beta = 0 means y is not read (NaN in y does not propagate); alpha = 0
    /// means A and x are not read (y = beta·y), as in BLAS. y must not overlap A or x.
    /// Each result is a fused-multiply-add dot product of length k = len(x), so
    /// |error| ≤ (k + 2)·2^-24·|alpha|·Σ|a·x| + 2^-24·|beta·y| to first order.
    /// Vectorized per <see cref="Isa.VectorBits"/>; nothing is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, lda is too small, a span is too short,
    /// or y overlaps A or x.</exception>
    public static unsafe void Multiply(Transpose transA, int m, int n, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(n, nameof(n));
        Check.Matrix(a.Length, m, n, lda, nameof(a), nameof(lda));
        int xLength = transA == Transpose.No ? n : m;
        int yLength = transA == Transpose.No ? m : n;
        Check.Length(x.Length, xLength, nameof(x), "op(A)·x");
        Check.Length(y.Length, yLength, nameof(y), "op(A)·x");
        y = y[..yLength];
        Aliasing.Disjoint(a[..(int)Check.RequiredLength(m, n, lda)], y, nameof(a), nameof(y));
        Aliasing.Disjoint(x[..xLength], y, nameof(x), nameof(y));

        if (alpha == 0 || xLength == 0)
        {
            if (beta == 0) y.Clear();
            else if (beta != 1) BinaryDriver.RunScalar<MultiplyOperator>(y, beta, y);
            return;
        }

        fixed (float* pa = a)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            if (transA == Transpose.No) GemvRows.Run(m, n, alpha, pa, (nuint)lda, px, beta, py);
            else GemvColumns.Run(m, n, alpha, pa, (nuint)lda, px, beta, py);
        }
    }
}
