using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

            var sums = Reduce4(Fold(s0 + t0), Fold(s1 + t1), Fold(s2 + t2), Fold(s3 + t3));
            for (p = full; p < cols; p++)
            {
                sums = Vector128.FusedMultiplyAdd(Vector128.Create(a0[p], a1[p], a2[p], a3[p]), Vector128.Create(x[p]), sums);
            }

            Finish4(y + i, sums, alpha, beta);
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
            float d = Reduce4(Fold(s + t), default, default, default).ToScalar();
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

            var sums = Reduce4(Fold(s0 + t0), Fold(s1 + t1), Fold(s2 + t2), Fold(s3 + t3));
            for (p = full; p < cols; p++)
            {
                sums = Vector128.FusedMultiplyAdd(Vector128.Create(a0[p], a1[p], a2[p], a3[p]), Vector128.Create(x[p]), sums);
            }

            Finish4(y + i, sums, alpha, beta);
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
            float d = Reduce4(Fold(s + t), default, default, default).ToScalar();
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

            var sums = Reduce4(Fold(s0 + t0), Fold(s1 + t1), Fold(s2 + t2), Fold(s3 + t3));
            for (p = full; p < cols; p++)
            {
                sums = Vector128.FusedMultiplyAdd(Vector128.Create(a0[p], a1[p], a2[p], a3[p]), Vector128.Create(x[p]), sums);
            }

            Finish4(y + i, sums, alpha, beta);
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
            float d = Reduce4(Fold(s + t), default, default, default).ToScalar();
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector512<float> v) => Fold(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector256<float> v) => v.GetLower() + v.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector128<float> v) => v;

    /// <summary>
    /// The four horizontal sums [Σa, Σb, Σc, Σd], each as (v0 + v2) + (v1 + v3), in a transposed
    /// form that costs six instructions for four rows instead of four separate reductions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse.IsSupported)
        {
            var ab = Sse.UnpackLow(a, b) + Sse.UnpackHigh(a, b);   // [a0+a2, b0+b2, a1+a3, b1+b3]
            var cd = Sse.UnpackLow(c, d) + Sse.UnpackHigh(c, d);
            return Sse.MoveLowToHigh(ab, cd) + Sse.MoveHighToLow(cd, ab);
        }

        return Vector128.Create(Reduce(a), Reduce(b), Reduce(c), Reduce(d));
    }

    private static float Reduce(Vector128<float> v) => (v[0] + v[2]) + (v[1] + v[3]);

    /// <summary>y[0..4] = alpha·dots + beta·y[0..4], and y is not read when beta = 0 (same operations as <see cref="Finish"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4(float* y, Vector128<float> dots, float alpha, float beta)
    {
        var scaled = Vector128.Create(alpha) * dots;
        if (beta == 0) scaled.Store(y);
        else Vector128.FusedMultiplyAdd(Vector128.Create(beta), Vector128.Load(y), scaled).Store(y);
    }
}
