using Numerics.Simd.GemvKernels;

namespace Numerics.Simd;

/// <summary>
/// The direct path for a few rows of C (batch-1 to batch-4 inference): no packing. Packing B
/// would cost as much as the whole product when m is this small (each element of B is used m
/// times), so B is streamed as stored. With B row-major (k×n) the rows of C share every load of
/// B in <c>GemmSmallMKernel*</c>; with B stored n×k (a layer's weights) and for the columns left
/// over, each row of C is one GEMV (contiguous dot products or row updates).
/// </summary>
internal static unsafe class GemmSmallM
{
    /// <summary>Row counts up to this take the direct path.</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// C = alpha·op(A)·op(B) + (beta·C, or bias when not null); m ≤ <see cref="MaxRows"/>, m, n, k ≥ 1.
    /// op(A)(i, p) = a[i·aRowStep + p·aColStep]; B as stored with leading dimension ldb.
    /// </summary>
    public static void Run(bool transB, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float beta, float* c, nint ldc, float* bias)
    {
        // One row takes twice the width: eight FMA chains, and B's rows are read in half as many passes.
        int width = (Isa.VectorBits, m) switch
        {
            (512, 1) => GemmSmallMKernel512.Width1,
            (512, _) => GemmSmallMKernel512.Width,
            (256, 1) => GemmSmallMKernel256.Width1,
            (256, _) => GemmSmallMKernel256.Width,
            (128, 1) => GemmSmallMKernel128.Width1,
            (128, _) => GemmSmallMKernel128.Width,
            _ => 0,
        };
        float* scratch = GemmScratch.ForThisThread.Get((nuint)(k + width));
        int done = 0;
        if (!transB && width > 0 && n >= width)
        {
            float* zeros = scratch + k;
            new Span<float>(zeros, width).Clear();
            var kernel = KernelFor(m);
            bool loadC = bias == null && beta != 0;
            for (; done + width <= n; done += width)
            {
                kernel(k, a, aRowStep, aColStep, b + done, ldb, c + done, ldc, alpha, beta, loadC, bias != null ? bias + done : zeros);
            }

            if (done == n) return;
        }

        PerRow(transB, m, n, k, done, alpha, a, aRowStep, aColStep, b, ldb, beta, c, ldc, bias, scratch);
    }

    /// <summary>Columns done..n of each row of C by one GEMV per row.</summary>
    private static void PerRow(bool transB, int m, int n, int k, int done, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float beta, float* c, nint ldc, float* bias, float* row)
    {
        int cols = n - done;
        for (int i = 0; i < m; i++)
        {
            float* x = a + i * aRowStep;
            if (aColStep != 1)
            {
                // Row i of op(A) is a strided column of A: gather it so the GEMV streams it.
                for (int p = 0; p < k; p++) row[p] = x[p * aColStep];
                x = row;
            }

            float* y = c + i * ldc + done;
            float rowBeta = beta;
            if (bias != null)
            {
                new ReadOnlySpan<float>(bias + done, cols).CopyTo(new Span<float>(y, cols));
                rowBeta = 1f;
            }

            // op(B)ᵀ·x: B stored n×k is used row by row (dot products); B stored k×n column-wise (row updates).
            if (transB) GemvRows.Run(cols, k, alpha, b + done * ldb, (nuint)ldb, x, rowBeta, y);
            else GemvColumns.Run(k, cols, alpha, b + done, (nuint)ldb, x, rowBeta, y);
        }
    }

    private static delegate*<int, float*, nint, nint, float*, nint, float*, nint, float, float, bool, float*, void> KernelFor(int rows) =>
        (Isa.VectorBits, rows) switch
        {
            (512, 1) => &GemmSmallMKernel512.Rows1,
            (512, 2) => &GemmSmallMKernel512.Rows2,
            (512, 3) => &GemmSmallMKernel512.Rows3,
            (512, _) => &GemmSmallMKernel512.Rows4,
            (256, 1) => &GemmSmallMKernel256.Rows1,
            (256, 2) => &GemmSmallMKernel256.Rows2,
            (256, 3) => &GemmSmallMKernel256.Rows3,
            (256, _) => &GemmSmallMKernel256.Rows4,
            (_, 1) => &GemmSmallMKernel128.Rows1,
            (_, 2) => &GemmSmallMKernel128.Rows2,
            (_, 3) => &GemmSmallMKernel128.Rows3,
            _ => &GemmSmallMKernel128.Rows4,
        };
}
