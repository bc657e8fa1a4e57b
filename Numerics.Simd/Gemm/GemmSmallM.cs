using Numerics.Simd.GemvKernels;

namespace Numerics.Simd;

/// <summary>
/// The direct path for a few rows of C (batch-1 to batch-4 inference): no packing, one GEMV
/// per row of C over the operands as stored. Packing B would cost as much as the whole product
/// when m is this small (each element of B is used m times), and a batch-1 dense layer is
/// memory-bound, so streaming B once per row at full bandwidth is the best available.
/// </summary>
internal static unsafe class GemmSmallM
{
    /// <summary>Row counts up to this take the direct path (measured: see perf/results/gemm.md).</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// C = alpha·op(A)·op(B) + (beta·C, or bias when not null); m ≤ <see cref="MaxRows"/>, m, n, k ≥ 1.
    /// op(A)(i, p) = a[i·aRowStep + p·aColStep]; B as stored with leading dimension ldb.
    /// </summary>
    public static void Run(bool transB, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float beta, float* c, nint ldc, float* bias)
    {
        float* row = aColStep == 1 ? null : GemmScratch.ForThisThread.Get((nuint)k);
        for (int i = 0; i < m; i++)
        {
            float* x = a + i * aRowStep;
            if (row != null)
            {
                // Row i of op(A) is a strided column of A: gather it so the GEMV streams it.
                for (int p = 0; p < k; p++) row[p] = x[p * aColStep];
                x = row;
            }

            float* y = c + i * ldc;
            float rowBeta = beta;
            if (bias != null)
            {
                new ReadOnlySpan<float>(bias, n).CopyTo(new Span<float>(y, n));
                rowBeta = 1f;
            }

            // op(B)ᵀ·x: B stored n×k is used row by row (dot products); B stored k×n column-wise (axpy).
            if (transB) GemvRows.Run(n, k, alpha, b, (nuint)ldb, x, rowBeta, y);
            else GemvColumns.Run(k, n, alpha, b, (nuint)ldb, x, rowBeta, y);
        }
    }
}
