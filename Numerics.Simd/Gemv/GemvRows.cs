using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.GemvKernels;

/// <summary>
/// y = alpha·A·x + beta·y (no transpose): dot-product form, four rows of A at a time so that each
/// load of x feeds four FMAs, two accumulators per row. Memory-bound: A is read once, in order.
/// Callers have checked every size; beta = 0 never reads y.
/// </summary>
internal static unsafe class GemvRows
{
    public static void Run(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        switch (Isa.VectorBits)
        {
            case 512: RowsVector512(m, n, alpha, a, lda, x, beta, y); return;
            case 256: RowsVector256(m, n, alpha, a, lda, x, beta, y); return;
            case 128: RowsVector128(m, n, alpha, a, lda, x, beta, y); return;
            default: RowsScalar(m, n, alpha, a, lda, x, beta, y); return;
        }
    }

    public static void RowsVector512(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 16;
        nuint cols = (nuint)n;
        nuint full = cols - cols % W;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nuint)i * lda;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            float* a3 = a2 + lda;

            // Two accumulators per row hide the FMA latency; four rows share each load of x.
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                var x0 = Vector512.Load(x + p);
                var x1 = Vector512.Load(x + p + W);
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a0 + p), x0, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a1 + p), x0, s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a2 + p), x0, s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a3 + p), x0, s3);
                t0 = Vector512.FusedMultiplyAdd(Vector512.Load(a0 + p + W), x1, t0);
                t1 = Vector512.FusedMultiplyAdd(Vector512.Load(a1 + p + W), x1, t1);
                t2 = Vector512.FusedMultiplyAdd(Vector512.Load(a2 + p + W), x1, t2);
                t3 = Vector512.FusedMultiplyAdd(Vector512.Load(a3 + p + W), x1, t3);
            }

            if (p < full)
            {
                var x0 = Vector512.Load(x + p);
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a0 + p), x0, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a1 + p), x0, s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a2 + p), x0, s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a3 + p), x0, s3);
            }

            float d0 = Vector512.Sum(s0 + t0), d1 = Vector512.Sum(s1 + t1), d2 = Vector512.Sum(s2 + t2), d3 = Vector512.Sum(s3 + t3);
            for (p = full; p < cols; p++)
            {
                float xp = x[p];
                d0 = MathF.FusedMultiplyAdd(a0[p], xp, d0);
                d1 = MathF.FusedMultiplyAdd(a1[p], xp, d1);
                d2 = MathF.FusedMultiplyAdd(a2[p], xp, d2);
                d3 = MathF.FusedMultiplyAdd(a3[p], xp, d3);
            }

            Finish(y + i, d0, alpha, beta);
            Finish(y + i + 1, d1, alpha, beta);
            Finish(y + i + 2, d2, alpha, beta);
            Finish(y + i + 3, d3, alpha, beta);
        }

        for (; i < m; i++)
        {
            float* row = a + (nuint)i * lda;
            Vector512<float> s = default, t = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                s = Vector512.FusedMultiplyAdd(Vector512.Load(row + p), Vector512.Load(x + p), s);
                t = Vector512.FusedMultiplyAdd(Vector512.Load(row + p + W), Vector512.Load(x + p + W), t);
            }

            if (p < full) s = Vector512.FusedMultiplyAdd(Vector512.Load(row + p), Vector512.Load(x + p), s);
            float d = Vector512.Sum(s + t);
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    public static void RowsVector256(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 8;
        nuint cols = (nuint)n;
        nuint full = cols - cols % W;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nuint)i * lda;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            float* a3 = a2 + lda;

            // Two accumulators per row hide the FMA latency; four rows share each load of x.
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                var x0 = Vector256.Load(x + p);
                var x1 = Vector256.Load(x + p + W);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + p), x0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + p), x0, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + p), x0, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Load(a3 + p), x0, s3);
                t0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + p + W), x1, t0);
                t1 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + p + W), x1, t1);
                t2 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + p + W), x1, t2);
                t3 = Vector256.FusedMultiplyAdd(Vector256.Load(a3 + p + W), x1, t3);
            }

            if (p < full)
            {
                var x0 = Vector256.Load(x + p);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + p), x0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + p), x0, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + p), x0, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Load(a3 + p), x0, s3);
            }

            float d0 = Vector256.Sum(s0 + t0), d1 = Vector256.Sum(s1 + t1), d2 = Vector256.Sum(s2 + t2), d3 = Vector256.Sum(s3 + t3);
            for (p = full; p < cols; p++)
            {
                float xp = x[p];
                d0 = MathF.FusedMultiplyAdd(a0[p], xp, d0);
                d1 = MathF.FusedMultiplyAdd(a1[p], xp, d1);
                d2 = MathF.FusedMultiplyAdd(a2[p], xp, d2);
                d3 = MathF.FusedMultiplyAdd(a3[p], xp, d3);
            }

            Finish(y + i, d0, alpha, beta);
            Finish(y + i + 1, d1, alpha, beta);
            Finish(y + i + 2, d2, alpha, beta);
            Finish(y + i + 3, d3, alpha, beta);
        }

        for (; i < m; i++)
        {
            float* row = a + (nuint)i * lda;
            Vector256<float> s = default, t = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                s = Vector256.FusedMultiplyAdd(Vector256.Load(row + p), Vector256.Load(x + p), s);
                t = Vector256.FusedMultiplyAdd(Vector256.Load(row + p + W), Vector256.Load(x + p + W), t);
            }

            if (p < full) s = Vector256.FusedMultiplyAdd(Vector256.Load(row + p), Vector256.Load(x + p), s);
            float d = Vector256.Sum(s + t);
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    public static void RowsVector128(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        const int W = 4;
        nuint cols = (nuint)n;
        nuint full = cols - cols % W;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nuint)i * lda;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            float* a3 = a2 + lda;

            // Two accumulators per row hide the FMA latency; four rows share each load of x.
            Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
            Vector128<float> t0 = default, t1 = default, t2 = default, t3 = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                var x0 = Vector128.Load(x + p);
                var x1 = Vector128.Load(x + p + W);
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(a0 + p), x0, s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(a1 + p), x0, s1);
                s2 = Vector128.FusedMultiplyAdd(Vector128.Load(a2 + p), x0, s2);
                s3 = Vector128.FusedMultiplyAdd(Vector128.Load(a3 + p), x0, s3);
                t0 = Vector128.FusedMultiplyAdd(Vector128.Load(a0 + p + W), x1, t0);
                t1 = Vector128.FusedMultiplyAdd(Vector128.Load(a1 + p + W), x1, t1);
                t2 = Vector128.FusedMultiplyAdd(Vector128.Load(a2 + p + W), x1, t2);
                t3 = Vector128.FusedMultiplyAdd(Vector128.Load(a3 + p + W), x1, t3);
            }

            if (p < full)
            {
                var x0 = Vector128.Load(x + p);
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(a0 + p), x0, s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(a1 + p), x0, s1);
                s2 = Vector128.FusedMultiplyAdd(Vector128.Load(a2 + p), x0, s2);
                s3 = Vector128.FusedMultiplyAdd(Vector128.Load(a3 + p), x0, s3);
            }

            float d0 = Vector128.Sum(s0 + t0), d1 = Vector128.Sum(s1 + t1), d2 = Vector128.Sum(s2 + t2), d3 = Vector128.Sum(s3 + t3);
            for (p = full; p < cols; p++)
            {
                float xp = x[p];
                d0 = MathF.FusedMultiplyAdd(a0[p], xp, d0);
                d1 = MathF.FusedMultiplyAdd(a1[p], xp, d1);
                d2 = MathF.FusedMultiplyAdd(a2[p], xp, d2);
                d3 = MathF.FusedMultiplyAdd(a3[p], xp, d3);
            }

            Finish(y + i, d0, alpha, beta);
            Finish(y + i + 1, d1, alpha, beta);
            Finish(y + i + 2, d2, alpha, beta);
            Finish(y + i + 3, d3, alpha, beta);
        }

        for (; i < m; i++)
        {
            float* row = a + (nuint)i * lda;
            Vector128<float> s = default, t = default;
            nuint p = 0;
            for (; p + 2 * W <= full; p += 2 * W)
            {
                s = Vector128.FusedMultiplyAdd(Vector128.Load(row + p), Vector128.Load(x + p), s);
                t = Vector128.FusedMultiplyAdd(Vector128.Load(row + p + W), Vector128.Load(x + p + W), t);
            }

            if (p < full) s = Vector128.FusedMultiplyAdd(Vector128.Load(row + p), Vector128.Load(x + p), s);
            float d = Vector128.Sum(s + t);
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    public static void RowsScalar(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        for (int i = 0; i < m; i++)
        {
            float* row = a + (nuint)i * lda;
            float d = 0;
            for (int p = 0; p < n; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    /// <summary>y = alpha·dot + beta·y, and y is not read when beta = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Finish(float* y, float dot, float alpha, float beta) =>
        *y = beta == 0 ? alpha * dot : MathF.FusedMultiplyAdd(beta, *y, alpha * dot);
}
