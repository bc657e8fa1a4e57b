using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Operators;

namespace Numerics.Simd.GemvKernels;

/// <summary>
/// y = alpha·A·x + beta·y (no transpose): dot-product form, four rows of A at a time so that each
/// load of x feeds four FMAs, two accumulators per row. Memory-bound: A is read once, in order.
/// Written once, generic over the vector width (<see cref="IVectorWidth{TVector}"/>); callers have
/// checked every size; beta = 0 never reads y.
/// Loops are compiled fully optimized at once (AggressiveOptimization): a tiered start would run
/// them as on-stack-replacement code, measured several times slower, for many calls.
/// </summary>
internal static unsafe class GemvRows
{
    public static void Run(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        switch (Isa.VectorBits)
        {
            case 512: Rows<Width512, Vector512<float>>(m, n, alpha, a, lda, x, beta, y); return;
            case 256: Rows<Width256, Vector256<float>>(m, n, alpha, a, lda, x, beta, y); return;
            case 128: Rows<Width128, Vector128<float>>(m, n, alpha, a, lda, x, beta, y); return;
            default: RowsScalar(m, n, alpha, a, lda, x, beta, y); return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TWidth, TVector>(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint width = (nuint)TWidth.Count;
        nuint cols = (nuint)n;
        nuint full = cols - cols % width;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nuint)i * lda;
            float* a1 = a0 + lda;
            float* a2 = a1 + lda;
            float* a3 = a2 + lda;

            // Two accumulators per row hide the FMA latency; four rows share each load of x.
            TVector s0 = TWidth.Zero, s1 = TWidth.Zero, s2 = TWidth.Zero, s3 = TWidth.Zero;
            TVector t0 = TWidth.Zero, t1 = TWidth.Zero, t2 = TWidth.Zero, t3 = TWidth.Zero;
            nuint p = 0;
            for (; p + 2 * width <= full; p += 2 * width)
            {
                var x0 = TWidth.Load(x + p);
                var x1 = TWidth.Load(x + p + width);
                s0 = TWidth.FusedMultiplyAdd(TWidth.Load(a0 + p), x0, s0);
                s1 = TWidth.FusedMultiplyAdd(TWidth.Load(a1 + p), x0, s1);
                s2 = TWidth.FusedMultiplyAdd(TWidth.Load(a2 + p), x0, s2);
                s3 = TWidth.FusedMultiplyAdd(TWidth.Load(a3 + p), x0, s3);
                t0 = TWidth.FusedMultiplyAdd(TWidth.Load(a0 + p + width), x1, t0);
                t1 = TWidth.FusedMultiplyAdd(TWidth.Load(a1 + p + width), x1, t1);
                t2 = TWidth.FusedMultiplyAdd(TWidth.Load(a2 + p + width), x1, t2);
                t3 = TWidth.FusedMultiplyAdd(TWidth.Load(a3 + p + width), x1, t3);
            }

            if (p < full)
            {
                var x0 = TWidth.Load(x + p);
                s0 = TWidth.FusedMultiplyAdd(TWidth.Load(a0 + p), x0, s0);
                s1 = TWidth.FusedMultiplyAdd(TWidth.Load(a1 + p), x0, s1);
                s2 = TWidth.FusedMultiplyAdd(TWidth.Load(a2 + p), x0, s2);
                s3 = TWidth.FusedMultiplyAdd(TWidth.Load(a3 + p), x0, s3);
            }

            var sums = Reduce4(
                TWidth.SumHalves(TWidth.Add(s0, t0)), TWidth.SumHalves(TWidth.Add(s1, t1)),
                TWidth.SumHalves(TWidth.Add(s2, t2)), TWidth.SumHalves(TWidth.Add(s3, t3)));
            for (p = full; p < cols; p++)
            {
                sums = Vector128.FusedMultiplyAdd(Vector128.Create(a0[p], a1[p], a2[p], a3[p]), Vector128.Create(x[p]), sums);
            }

            Finish4(y + i, sums, alpha, beta);
        }

        for (; i < m; i++)
        {
            float* row = a + (nuint)i * lda;
            TVector s = TWidth.Zero, t = TWidth.Zero;
            nuint p = 0;
            for (; p + 2 * width <= full; p += 2 * width)
            {
                s = TWidth.FusedMultiplyAdd(TWidth.Load(row + p), TWidth.Load(x + p), s);
                t = TWidth.FusedMultiplyAdd(TWidth.Load(row + p + width), TWidth.Load(x + p + width), t);
            }

            if (p < full) s = TWidth.FusedMultiplyAdd(TWidth.Load(row + p), TWidth.Load(x + p), s);
            float d = Reduce4(TWidth.SumHalves(TWidth.Add(s, t)), default, default, default).ToScalar();
            for (p = full; p < cols; p++) d = MathF.FusedMultiplyAdd(row[p], x[p], d);
            Finish(y + i, d, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsScalar(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
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
