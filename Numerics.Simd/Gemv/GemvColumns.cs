using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.GemvKernels;

/// <summary>
/// y = alpha·Aᵀ·x + beta·y (transposed; A stored m×n, y has n elements): axpy form, a block of y held
/// in registers while the rows of A stream through in order. Callers have checked every size;
/// beta = 0 never reads y.
/// </summary>
internal static unsafe class GemvColumns
{
    public static void Run(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        switch (Isa.VectorBits)
        {
            case 512: ColumnsVector512(m, n, alpha, a, lda, x, beta, y); return;
            case 256: ColumnsVector256(m, n, alpha, a, lda, x, beta, y); return;
            case 128: ColumnsVector128(m, n, alpha, a, lda, x, beta, y); return;
            default: ColumnsScalar(m, 0, n, alpha, a, lda, x, beta, y); return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnsVector512(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 16;
        nuint cols = (nuint)n;
        nuint j = 0;

        // Eight vectors of y stay in registers while every row of A streams past (axpy form):
        // eight independent FMA chains keep both FMA pipes busy.
        for (; j + 8 * W <= cols; j += 8 * W)
        {
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
            Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
            float* row = a + j;
            for (int i = 0; i < m; i++, row += lda)
            {
                var xi = Vector512.Create(x[i]);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Load(row), xi, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + W), xi, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 2 * W), xi, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 3 * W), xi, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 4 * W), xi, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 5 * W), xi, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 6 * W), xi, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 7 * W), xi, c7);
            }

            Finish(y + j, c0, alpha, beta);
            Finish(y + j + W, c1, alpha, beta);
            Finish(y + j + 2 * W, c2, alpha, beta);
            Finish(y + j + 3 * W, c3, alpha, beta);
            Finish(y + j + 4 * W, c4, alpha, beta);
            Finish(y + j + 5 * W, c5, alpha, beta);
            Finish(y + j + 6 * W, c6, alpha, beta);
            Finish(y + j + 7 * W, c7, alpha, beta);
        }

        // Leftover vectors: even and odd rows in separate chains, added at the end.
        for (; j + W <= cols; j += W)
        {
            Vector512<float> even = default, odd = default;
            float* row = a + j;
            int i = 0;
            for (; i + 2 <= m; i += 2, row += 2 * lda)
            {
                even = Vector512.FusedMultiplyAdd(Vector512.Load(row), Vector512.Create(x[i]), even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Load(row + lda), Vector512.Create(x[i + 1]), odd);
            }

            if (i < m) even = Vector512.FusedMultiplyAdd(Vector512.Load(row), Vector512.Create(x[i]), even);
            Finish(y + j, even + odd, alpha, beta);
        }

        ColumnsScalar(m, (int)j, n, alpha, a, lda, x, beta, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* y, Vector512<float> dot, float alpha, float beta)
    {
        var scaled = Vector512.Create(alpha) * dot;
        if (beta == 0) scaled.Store(y);
        else Vector512.FusedMultiplyAdd(Vector512.Create(beta), Vector512.Load(y), scaled).Store(y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnsVector256(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 8;
        nuint cols = (nuint)n;
        nuint j = 0;

        // Eight vectors of y stay in registers while every row of A streams past (axpy form):
        // eight independent FMA chains keep both FMA pipes busy.
        for (; j + 8 * W <= cols; j += 8 * W)
        {
            Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
            Vector256<float> c4 = default, c5 = default, c6 = default, c7 = default;
            float* row = a + j;
            for (int i = 0; i < m; i++, row += lda)
            {
                var xi = Vector256.Create(x[i]);
                c0 = Vector256.FusedMultiplyAdd(Vector256.Load(row), xi, c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Load(row + W), xi, c1);
                c2 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 2 * W), xi, c2);
                c3 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 3 * W), xi, c3);
                c4 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 4 * W), xi, c4);
                c5 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 5 * W), xi, c5);
                c6 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 6 * W), xi, c6);
                c7 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 7 * W), xi, c7);
            }

            Finish(y + j, c0, alpha, beta);
            Finish(y + j + W, c1, alpha, beta);
            Finish(y + j + 2 * W, c2, alpha, beta);
            Finish(y + j + 3 * W, c3, alpha, beta);
            Finish(y + j + 4 * W, c4, alpha, beta);
            Finish(y + j + 5 * W, c5, alpha, beta);
            Finish(y + j + 6 * W, c6, alpha, beta);
            Finish(y + j + 7 * W, c7, alpha, beta);
        }

        // Leftover vectors: even and odd rows in separate chains, added at the end.
        for (; j + W <= cols; j += W)
        {
            Vector256<float> even = default, odd = default;
            float* row = a + j;
            int i = 0;
            for (; i + 2 <= m; i += 2, row += 2 * lda)
            {
                even = Vector256.FusedMultiplyAdd(Vector256.Load(row), Vector256.Create(x[i]), even);
                odd = Vector256.FusedMultiplyAdd(Vector256.Load(row + lda), Vector256.Create(x[i + 1]), odd);
            }

            if (i < m) even = Vector256.FusedMultiplyAdd(Vector256.Load(row), Vector256.Create(x[i]), even);
            Finish(y + j, even + odd, alpha, beta);
        }

        ColumnsScalar(m, (int)j, n, alpha, a, lda, x, beta, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* y, Vector256<float> dot, float alpha, float beta)
    {
        var scaled = Vector256.Create(alpha) * dot;
        if (beta == 0) scaled.Store(y);
        else Vector256.FusedMultiplyAdd(Vector256.Create(beta), Vector256.Load(y), scaled).Store(y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnsVector128(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 4;
        nuint cols = (nuint)n;
        nuint j = 0;

        // Eight vectors of y stay in registers while every row of A streams past (axpy form):
        // eight independent FMA chains keep both FMA pipes busy.
        for (; j + 8 * W <= cols; j += 8 * W)
        {
            Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default;
            Vector128<float> c4 = default, c5 = default, c6 = default, c7 = default;
            float* row = a + j;
            for (int i = 0; i < m; i++, row += lda)
            {
                var xi = Vector128.Create(x[i]);
                c0 = Vector128.FusedMultiplyAdd(Vector128.Load(row), xi, c0);
                c1 = Vector128.FusedMultiplyAdd(Vector128.Load(row + W), xi, c1);
                c2 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 2 * W), xi, c2);
                c3 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 3 * W), xi, c3);
                c4 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 4 * W), xi, c4);
                c5 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 5 * W), xi, c5);
                c6 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 6 * W), xi, c6);
                c7 = Vector128.FusedMultiplyAdd(Vector128.Load(row + 7 * W), xi, c7);
            }

            Finish(y + j, c0, alpha, beta);
            Finish(y + j + W, c1, alpha, beta);
            Finish(y + j + 2 * W, c2, alpha, beta);
            Finish(y + j + 3 * W, c3, alpha, beta);
            Finish(y + j + 4 * W, c4, alpha, beta);
            Finish(y + j + 5 * W, c5, alpha, beta);
            Finish(y + j + 6 * W, c6, alpha, beta);
            Finish(y + j + 7 * W, c7, alpha, beta);
        }

        // Leftover vectors: even and odd rows in separate chains, added at the end.
        for (; j + W <= cols; j += W)
        {
            Vector128<float> even = default, odd = default;
            float* row = a + j;
            int i = 0;
            for (; i + 2 <= m; i += 2, row += 2 * lda)
            {
                even = Vector128.FusedMultiplyAdd(Vector128.Load(row), Vector128.Create(x[i]), even);
                odd = Vector128.FusedMultiplyAdd(Vector128.Load(row + lda), Vector128.Create(x[i + 1]), odd);
            }

            if (i < m) even = Vector128.FusedMultiplyAdd(Vector128.Load(row), Vector128.Create(x[i]), even);
            Finish(y + j, even + odd, alpha, beta);
        }

        ColumnsScalar(m, (int)j, n, alpha, a, lda, x, beta, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* y, Vector128<float> dot, float alpha, float beta)
    {
        var scaled = Vector128.Create(alpha) * dot;
        if (beta == 0) scaled.Store(y);
        else Vector128.FusedMultiplyAdd(Vector128.Create(beta), Vector128.Load(y), scaled).Store(y);
    }

    /// <summary>Columns [first, n) one at a time (the scalar path, and the last few columns of the vector paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnsScalar(int m, int first, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        for (int j = first; j < n; j++)
        {
            float* column = a + j;
            float d = 0;
            for (int i = 0; i < m; i++, column += lda) d = MathF.FusedMultiplyAdd(*column, x[i], d);
            GemvRows.Finish(y + j, d, alpha, beta);
        }
    }
}
