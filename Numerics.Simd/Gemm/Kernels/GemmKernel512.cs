using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// The Vector512 GEMM microkernel: a 12×32 block of C held in 24 named accumulators
/// (12 broadcasts of packed A and 2 loads of packed B per k step). Packed A comes in blocks
/// of 16 k steps with each row's 16 values contiguous (<see cref="GemmPack"/>), so packing a
/// row-major A is a copy, not a transpose. Named locals, not arrays,
/// and no calls anywhere in the method, so that the JIT keeps every accumulator in a register
/// (see shared/GEMM-NOTES.md). Generated shape; edit all kernels alike.
/// </summary>
internal static class GemmKernel512
{
    /// <summary>Rows of C per microkernel call.</summary>
    public const int MR = 12;

    /// <summary>Columns of C per microkernel call.</summary>
    public const int NR = 32;

    /// <summary>12×32 tile: C[0..12, 0..32] = alpha·Σ_p A(i, p)·b[p·32 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·192 + i·16 + p mod 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero; var c8_1 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero; var c9_1 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero; var c10_1 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero; var c11_1 = Vector512<float>.Zero;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int steps = kc - p0 < 16 ? kc - p0 : 16;
            float* ap = a;
            for (int q = 0; q < steps; q++)
            {
                var b0 = Vector512.LoadAligned(b + 0);
                var b1 = Vector512.LoadAligned(b + 16);
                var a0 = Vector512.Create(ap[0]);
                c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector512.Create(ap[16]);
                c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector512.Create(ap[32]);
                c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector512.Create(ap[48]);
                c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
                var a4 = Vector512.Create(ap[64]);
                c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
                var a5 = Vector512.Create(ap[80]);
                c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
                var a6 = Vector512.Create(ap[96]);
                c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
                var a7 = Vector512.Create(ap[112]);
                c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
                var a8 = Vector512.Create(ap[128]);
                c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
                c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
                var a9 = Vector512.Create(ap[144]);
                c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
                c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
                var a10 = Vector512.Create(ap[160]);
                c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
                c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
                var a11 = Vector512.Create(ap[176]);
                c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
                c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
                ap++;
                b += 32;
            }

            a += 192;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, vb * Vector512.Load(c + 4 * ldc + 16)), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, vb * Vector512.Load(c + 5 * ldc + 16)), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, vb * Vector512.Load(c + 6 * ldc + 16)), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, vb * Vector512.Load(c + 7 * ldc + 16)), c + 7 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, vb * Vector512.Load(c + 8 * ldc + 0)), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_1, va, vb * Vector512.Load(c + 8 * ldc + 16)), c + 8 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, vb * Vector512.Load(c + 9 * ldc + 0)), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_1, va, vb * Vector512.Load(c + 9 * ldc + 16)), c + 9 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, vb * Vector512.Load(c + 10 * ldc + 0)), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_1, va, vb * Vector512.Load(c + 10 * ldc + 16)), c + 10 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, vb * Vector512.Load(c + 11 * ldc + 0)), c + 11 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_1, va, vb * Vector512.Load(c + 11 * ldc + 16)), c + 11 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, bias1), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, bias1), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, bias1), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, bias1), c + 7 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, bias0), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_1, va, bias1), c + 8 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, bias0), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_1, va, bias1), c + 9 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, bias0), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_1, va, bias1), c + 10 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, bias0), c + 11 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_1, va, bias1), c + 11 * ldc + 16);
        }
    }

    /// <summary>Edge kernel over the first 8 rows of a 12-row packed A sliver. 8×32 tile: C[0..8, 0..32] = alpha·Σ_p A(i, p)·b[p·32 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·192 + i·16 + p mod 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel8(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int steps = kc - p0 < 16 ? kc - p0 : 16;
            float* ap = a;
            for (int q = 0; q < steps; q++)
            {
                var b0 = Vector512.LoadAligned(b + 0);
                var b1 = Vector512.LoadAligned(b + 16);
                var a0 = Vector512.Create(ap[0]);
                c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector512.Create(ap[16]);
                c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector512.Create(ap[32]);
                c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector512.Create(ap[48]);
                c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
                var a4 = Vector512.Create(ap[64]);
                c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
                var a5 = Vector512.Create(ap[80]);
                c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
                var a6 = Vector512.Create(ap[96]);
                c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
                c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
                var a7 = Vector512.Create(ap[112]);
                c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
                c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
                ap++;
                b += 32;
            }

            a += 192;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, vb * Vector512.Load(c + 4 * ldc + 16)), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, vb * Vector512.Load(c + 5 * ldc + 16)), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, vb * Vector512.Load(c + 6 * ldc + 16)), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, vb * Vector512.Load(c + 7 * ldc + 16)), c + 7 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, bias1), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, bias1), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, bias1), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, bias1), c + 7 * ldc + 16);
        }
    }

    /// <summary>Edge kernel over the first 4 rows of a 12-row packed A sliver. 4×32 tile: C[0..4, 0..32] = alpha·Σ_p A(i, p)·b[p·32 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·192 + i·16 + p mod 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel4(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int steps = kc - p0 < 16 ? kc - p0 : 16;
            float* ap = a;
            for (int q = 0; q < steps; q++)
            {
                var b0 = Vector512.LoadAligned(b + 0);
                var b1 = Vector512.LoadAligned(b + 16);
                var a0 = Vector512.Create(ap[0]);
                c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector512.Create(ap[16]);
                c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector512.Create(ap[32]);
                c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector512.Create(ap[48]);
                c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
                ap++;
                b += 32;
            }

            a += 192;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
        }
    }

    /// <summary>Edge kernel over the first 16 columns of a 32-column packed B sliver (n ≤ 16: a 10-class output layer). 12×16 tile: C[0..12, 0..16] = alpha·Σ_p A(i, p)·b[p·32 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·192 + i·16 + p mod 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel16(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int steps = kc - p0 < 16 ? kc - p0 : 16;
            float* ap = a;
            for (int q = 0; q < steps; q++)
            {
                var b0 = Vector512.LoadAligned(b + 0);
                var a0 = Vector512.Create(ap[0]);
                c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
                var a1 = Vector512.Create(ap[16]);
                c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
                var a2 = Vector512.Create(ap[32]);
                c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
                var a3 = Vector512.Create(ap[48]);
                c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
                var a4 = Vector512.Create(ap[64]);
                c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
                var a5 = Vector512.Create(ap[80]);
                c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
                var a6 = Vector512.Create(ap[96]);
                c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
                var a7 = Vector512.Create(ap[112]);
                c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
                var a8 = Vector512.Create(ap[128]);
                c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
                var a9 = Vector512.Create(ap[144]);
                c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
                var a10 = Vector512.Create(ap[160]);
                c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
                var a11 = Vector512.Create(ap[176]);
                c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
                ap++;
                b += 32;
            }

            a += 192;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, vb * Vector512.Load(c + 8 * ldc + 0)), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, vb * Vector512.Load(c + 9 * ldc + 0)), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, vb * Vector512.Load(c + 10 * ldc + 0)), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, vb * Vector512.Load(c + 11 * ldc + 0)), c + 11 * ldc + 0);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, bias0), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, bias0), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, bias0), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, bias0), c + 11 * ldc + 0);
        }
    }

    /// <summary>12×32 tile over A where it lies: C[0..12, 0..32] = alpha·Σ_p a[i·lda + p]·b[p·32 + j] + (loadC ? beta·C : bias[j]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DirectKernel(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero; var c8_1 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero; var c9_1 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero; var c10_1 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero; var c11_1 = Vector512<float>.Zero;
        nint lda2 = lda * 2, lda3 = lda * 3;
        float* a4Row = a + 4 * lda;
        float* a8Row = a + 8 * lda;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b + 0);
            var b1 = Vector512.LoadAligned(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[lda]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[lda2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[lda3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a4Row[0]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a4Row[lda]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a4Row[lda2]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a4Row[lda3]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            var a8 = Vector512.Create(a8Row[0]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            var a9 = Vector512.Create(a8Row[lda]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            var a10 = Vector512.Create(a8Row[lda2]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            var a11 = Vector512.Create(a8Row[lda3]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a++;
            a4Row++;
            a8Row++;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, vb * Vector512.Load(c + 4 * ldc + 16)), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, vb * Vector512.Load(c + 5 * ldc + 16)), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, vb * Vector512.Load(c + 6 * ldc + 16)), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, vb * Vector512.Load(c + 7 * ldc + 16)), c + 7 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, vb * Vector512.Load(c + 8 * ldc + 0)), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_1, va, vb * Vector512.Load(c + 8 * ldc + 16)), c + 8 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, vb * Vector512.Load(c + 9 * ldc + 0)), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_1, va, vb * Vector512.Load(c + 9 * ldc + 16)), c + 9 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, vb * Vector512.Load(c + 10 * ldc + 0)), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_1, va, vb * Vector512.Load(c + 10 * ldc + 16)), c + 10 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, vb * Vector512.Load(c + 11 * ldc + 0)), c + 11 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_1, va, vb * Vector512.Load(c + 11 * ldc + 16)), c + 11 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, bias1), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, bias1), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, bias1), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, bias1), c + 7 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, bias0), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_1, va, bias1), c + 8 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, bias0), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_1, va, bias1), c + 9 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, bias0), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_1, va, bias1), c + 10 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, bias0), c + 11 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_1, va, bias1), c + 11 * ldc + 16);
        }
    }

    /// <summary>8×32 tile over A where it lies: C[0..8, 0..32] = alpha·Σ_p a[i·lda + p]·b[p·32 + j] + (loadC ? beta·C : bias[j]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DirectKernel8(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        nint lda2 = lda * 2, lda3 = lda * 3;
        float* a4Row = a + 4 * lda;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b + 0);
            var b1 = Vector512.LoadAligned(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[lda]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[lda2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[lda3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a4Row[0]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a4Row[lda]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a4Row[lda2]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a4Row[lda3]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            a++;
            a4Row++;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, vb * Vector512.Load(c + 4 * ldc + 16)), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, vb * Vector512.Load(c + 5 * ldc + 16)), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, vb * Vector512.Load(c + 6 * ldc + 16)), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, vb * Vector512.Load(c + 7 * ldc + 16)), c + 7 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_1, va, bias1), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_1, va, bias1), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_1, va, bias1), c + 6 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_1, va, bias1), c + 7 * ldc + 16);
        }
    }

    /// <summary>4×32 tile over A where it lies: C[0..4, 0..32] = alpha·Σ_p a[i·lda + p]·b[p·32 + j] + (loadC ? beta·C : bias[j]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DirectKernel4(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        nint lda2 = lda * 2, lda3 = lda * 3;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b + 0);
            var b1 = Vector512.LoadAligned(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[lda]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[lda2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[lda3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            a++;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, vb * Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, vb * Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, vb * Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, vb * Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            var bias1 = Vector512.Load(bias + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 16);
        }
    }

    /// <summary>12×16 tile over A where it lies: C[0..12, 0..16] = alpha·Σ_p a[i·lda + p]·b[p·32 + j] + (loadC ? beta·C : bias[j]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DirectKernel16(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero;
        nint lda2 = lda * 2, lda3 = lda * 3;
        float* a4Row = a + 4 * lda;
        float* a8Row = a + 8 * lda;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b + 0);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            var a1 = Vector512.Create(a[lda]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            var a2 = Vector512.Create(a[lda2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            var a3 = Vector512.Create(a[lda3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            var a4 = Vector512.Create(a4Row[0]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            var a5 = Vector512.Create(a4Row[lda]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            var a6 = Vector512.Create(a4Row[lda2]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            var a7 = Vector512.Create(a4Row[lda3]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            var a8 = Vector512.Create(a8Row[0]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            var a9 = Vector512.Create(a8Row[lda]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            var a10 = Vector512.Create(a8Row[lda2]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            var a11 = Vector512.Create(a8Row[lda3]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            a++;
            a4Row++;
            a8Row++;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (loadC)
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, vb * Vector512.Load(c + 8 * ldc + 0)), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, vb * Vector512.Load(c + 9 * ldc + 0)), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, vb * Vector512.Load(c + 10 * ldc + 0)), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, vb * Vector512.Load(c + 11 * ldc + 0)), c + 11 * ldc + 0);
        }
        else
        {
            var bias0 = Vector512.Load(bias + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c6_0, va, bias0), c + 6 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c7_0, va, bias0), c + 7 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c8_0, va, bias0), c + 8 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c9_0, va, bias0), c + 9 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10_0, va, bias0), c + 10 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11_0, va, bias0), c + 11 * ldc + 0);
        }
    }
}
