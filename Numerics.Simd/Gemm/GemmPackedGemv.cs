using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// One row times a prepacked B (<see cref="GemmPackedB"/>): c = alpha·x·op(B) + (beta·c, or the
/// bias when beta = 0), the batch-1 case of a dense layer. B's panels are read in storage order,
/// one sequential stream, which is what a memory-bound product wants; each panel of NR columns
/// keeps two vectors of sums for each of four interleaved k phases (eight FMA chains, enough to
/// hide the FMA latency), added as (phase 0 + 1) + (phase 2 + 3) at the end. x is read with a
/// step, so op(A) may be a column of a transposed A. Deterministic for a given shape and path.
/// Generated shape; edit the three vector paths alike.
/// </summary>
internal static unsafe class GemmPackedGemv
{
    /// <summary>c[j] = alpha·Σ_p x[p·xStep]·B(p, j) + (beta ≠ 0 ? beta·c[j] : bias?[j] ?? 0) for j &lt; n; k ≥ 1.</summary>
    public static void Run(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        switch (Isa.VectorBits)
        {
            case 512: Run512(n, k, alpha, x, xStep, packed, beta, c, bias); break;
            case 256: Run256(n, k, alpha, x, xStep, packed, beta, c, bias); break;
            case 128: Run128(n, k, alpha, x, xStep, packed, beta, c, bias); break;
            default: RunScalar(n, k, alpha, x, xStep, packed, beta, c, bias); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run512(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        const int nr = 32;
        float* sums = stackalloc float[nr];
        int k4 = k & ~3;
        for (int j = 0; j < n; j += nr)
        {
            float* b = packed + (nint)j * k;
            float* xp = x;
            var s0a = Vector512<float>.Zero; var s0b = Vector512<float>.Zero;
            var s1a = Vector512<float>.Zero; var s1b = Vector512<float>.Zero;
            var s2a = Vector512<float>.Zero; var s2b = Vector512<float>.Zero;
            var s3a = Vector512<float>.Zero; var s3b = Vector512<float>.Zero;
            int p = 0;
            for (; p < k4; p += 4)
            {
                var x0 = Vector512.Create(xp[0]);
                var x1 = Vector512.Create(xp[xStep]);
                var x2 = Vector512.Create(xp[2 * xStep]);
                var x3 = Vector512.Create(xp[3 * xStep]);
                s0a = Vector512.FusedMultiplyAdd(x0, Vector512.LoadAligned(b + 0), s0a);
                s0b = Vector512.FusedMultiplyAdd(x0, Vector512.LoadAligned(b + 16), s0b);
                s1a = Vector512.FusedMultiplyAdd(x1, Vector512.LoadAligned(b + 32), s1a);
                s1b = Vector512.FusedMultiplyAdd(x1, Vector512.LoadAligned(b + 48), s1b);
                s2a = Vector512.FusedMultiplyAdd(x2, Vector512.LoadAligned(b + 64), s2a);
                s2b = Vector512.FusedMultiplyAdd(x2, Vector512.LoadAligned(b + 80), s2b);
                s3a = Vector512.FusedMultiplyAdd(x3, Vector512.LoadAligned(b + 96), s3a);
                s3b = Vector512.FusedMultiplyAdd(x3, Vector512.LoadAligned(b + 112), s3b);
                xp += 4 * xStep;
                b += 4 * nr;
            }

            for (; p < k; p++)
            {
                var xv = Vector512.Create(xp[0]);
                s0a = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(b), s0a);
                s0b = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(b + 16), s0b);
                xp += xStep;
                b += nr;
            }

            var ra = (s0a + s1a) + (s2a + s3a);
            var rb = (s0b + s1b) + (s2b + s3b);
            if (n - j >= nr)
            {
                var va = Vector512.Create(alpha);
                Vector512<float> addA, addB;
                if (beta != 0)
                {
                    addA = Vector512.Create(beta) * Vector512.Load(c + j);
                    addB = Vector512.Create(beta) * Vector512.Load(c + j + 16);
                }
                else
                {
                    addA = bias != null ? Vector512.Load(bias + j) : Vector512<float>.Zero;
                    addB = bias != null ? Vector512.Load(bias + j + 16) : Vector512<float>.Zero;
                }

                Vector512.FusedMultiplyAdd(ra, va, addA).Store(c + j);
                Vector512.FusedMultiplyAdd(rb, va, addB).Store(c + j + 16);
            }
            else
            {
                ra.Store(sums);
                rb.Store(sums + 16);
                Epilogue(sums, n - j, alpha, beta, c + j, bias == null ? null : bias + j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run256(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        const int nr = 16;
        float* sums = stackalloc float[nr];
        int k4 = k & ~3;
        for (int j = 0; j < n; j += nr)
        {
            float* b = packed + (nint)j * k;
            float* xp = x;
            var s0a = Vector256<float>.Zero; var s0b = Vector256<float>.Zero;
            var s1a = Vector256<float>.Zero; var s1b = Vector256<float>.Zero;
            var s2a = Vector256<float>.Zero; var s2b = Vector256<float>.Zero;
            var s3a = Vector256<float>.Zero; var s3b = Vector256<float>.Zero;
            int p = 0;
            for (; p < k4; p += 4)
            {
                var x0 = Vector256.Create(xp[0]);
                var x1 = Vector256.Create(xp[xStep]);
                var x2 = Vector256.Create(xp[2 * xStep]);
                var x3 = Vector256.Create(xp[3 * xStep]);
                s0a = Vector256.FusedMultiplyAdd(x0, Vector256.LoadAligned(b + 0), s0a);
                s0b = Vector256.FusedMultiplyAdd(x0, Vector256.LoadAligned(b + 8), s0b);
                s1a = Vector256.FusedMultiplyAdd(x1, Vector256.LoadAligned(b + 16), s1a);
                s1b = Vector256.FusedMultiplyAdd(x1, Vector256.LoadAligned(b + 24), s1b);
                s2a = Vector256.FusedMultiplyAdd(x2, Vector256.LoadAligned(b + 32), s2a);
                s2b = Vector256.FusedMultiplyAdd(x2, Vector256.LoadAligned(b + 40), s2b);
                s3a = Vector256.FusedMultiplyAdd(x3, Vector256.LoadAligned(b + 48), s3a);
                s3b = Vector256.FusedMultiplyAdd(x3, Vector256.LoadAligned(b + 56), s3b);
                xp += 4 * xStep;
                b += 4 * nr;
            }

            for (; p < k; p++)
            {
                var xv = Vector256.Create(xp[0]);
                s0a = Vector256.FusedMultiplyAdd(xv, Vector256.LoadAligned(b), s0a);
                s0b = Vector256.FusedMultiplyAdd(xv, Vector256.LoadAligned(b + 8), s0b);
                xp += xStep;
                b += nr;
            }

            var ra = (s0a + s1a) + (s2a + s3a);
            var rb = (s0b + s1b) + (s2b + s3b);
            if (n - j >= nr)
            {
                var va = Vector256.Create(alpha);
                Vector256<float> addA, addB;
                if (beta != 0)
                {
                    addA = Vector256.Create(beta) * Vector256.Load(c + j);
                    addB = Vector256.Create(beta) * Vector256.Load(c + j + 8);
                }
                else
                {
                    addA = bias != null ? Vector256.Load(bias + j) : Vector256<float>.Zero;
                    addB = bias != null ? Vector256.Load(bias + j + 8) : Vector256<float>.Zero;
                }

                Vector256.FusedMultiplyAdd(ra, va, addA).Store(c + j);
                Vector256.FusedMultiplyAdd(rb, va, addB).Store(c + j + 8);
            }
            else
            {
                ra.Store(sums);
                rb.Store(sums + 8);
                Epilogue(sums, n - j, alpha, beta, c + j, bias == null ? null : bias + j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run128(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        const int nr = 8;
        float* sums = stackalloc float[nr];
        int k4 = k & ~3;
        for (int j = 0; j < n; j += nr)
        {
            float* b = packed + (nint)j * k;
            float* xp = x;
            var s0a = Vector128<float>.Zero; var s0b = Vector128<float>.Zero;
            var s1a = Vector128<float>.Zero; var s1b = Vector128<float>.Zero;
            var s2a = Vector128<float>.Zero; var s2b = Vector128<float>.Zero;
            var s3a = Vector128<float>.Zero; var s3b = Vector128<float>.Zero;
            int p = 0;
            for (; p < k4; p += 4)
            {
                var x0 = Vector128.Create(xp[0]);
                var x1 = Vector128.Create(xp[xStep]);
                var x2 = Vector128.Create(xp[2 * xStep]);
                var x3 = Vector128.Create(xp[3 * xStep]);
                s0a = Vector128.FusedMultiplyAdd(x0, Vector128.LoadAligned(b + 0), s0a);
                s0b = Vector128.FusedMultiplyAdd(x0, Vector128.LoadAligned(b + 4), s0b);
                s1a = Vector128.FusedMultiplyAdd(x1, Vector128.LoadAligned(b + 8), s1a);
                s1b = Vector128.FusedMultiplyAdd(x1, Vector128.LoadAligned(b + 12), s1b);
                s2a = Vector128.FusedMultiplyAdd(x2, Vector128.LoadAligned(b + 16), s2a);
                s2b = Vector128.FusedMultiplyAdd(x2, Vector128.LoadAligned(b + 20), s2b);
                s3a = Vector128.FusedMultiplyAdd(x3, Vector128.LoadAligned(b + 24), s3a);
                s3b = Vector128.FusedMultiplyAdd(x3, Vector128.LoadAligned(b + 28), s3b);
                xp += 4 * xStep;
                b += 4 * nr;
            }

            for (; p < k; p++)
            {
                var xv = Vector128.Create(xp[0]);
                s0a = Vector128.FusedMultiplyAdd(xv, Vector128.LoadAligned(b), s0a);
                s0b = Vector128.FusedMultiplyAdd(xv, Vector128.LoadAligned(b + 4), s0b);
                xp += xStep;
                b += nr;
            }

            var ra = (s0a + s1a) + (s2a + s3a);
            var rb = (s0b + s1b) + (s2b + s3b);
            if (n - j >= nr)
            {
                var va = Vector128.Create(alpha);
                Vector128<float> addA, addB;
                if (beta != 0)
                {
                    addA = Vector128.Create(beta) * Vector128.Load(c + j);
                    addB = Vector128.Create(beta) * Vector128.Load(c + j + 4);
                }
                else
                {
                    addA = bias != null ? Vector128.Load(bias + j) : Vector128<float>.Zero;
                    addB = bias != null ? Vector128.Load(bias + j + 4) : Vector128<float>.Zero;
                }

                Vector128.FusedMultiplyAdd(ra, va, addA).Store(c + j);
                Vector128.FusedMultiplyAdd(rb, va, addB).Store(c + j + 4);
            }
            else
            {
                ra.Store(sums);
                rb.Store(sums + 4);
                Epilogue(sums, n - j, alpha, beta, c + j, bias == null ? null : bias + j);
            }
        }
    }

    private static void RunScalar(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        const int nr = 4;
        float* sums = stackalloc float[nr];
        for (int j = 0; j < n; j += nr)
        {
            float* b = packed + (nint)j * k;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < k; p++)
            {
                float xv = x[p * xStep];
                s0 = MathF.FusedMultiplyAdd(xv, b[0], s0);
                s1 = MathF.FusedMultiplyAdd(xv, b[1], s1);
                s2 = MathF.FusedMultiplyAdd(xv, b[2], s2);
                s3 = MathF.FusedMultiplyAdd(xv, b[3], s3);
                b += nr;
            }

            sums[0] = s0;
            sums[1] = s1;
            sums[2] = s2;
            sums[3] = s3;
            Epilogue(sums, Math.Min(nr, n - j), alpha, beta, c + j, bias == null ? null : bias + j);
        }
    }

    /// <summary>The vector epilogue element by element, for a panel's valid columns (inlined: no call in a kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Epilogue(float* sums, int cols, float alpha, float beta, float* c, float* bias)
    {
        for (int j = 0; j < cols; j++)
        {
            float add = beta != 0 ? beta * c[j] : bias != null ? bias[j] : 0f;
            c[j] = MathF.FusedMultiplyAdd(sums[j], alpha, add);
        }
    }
}
