using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// The Vector128 GEMM microkernel: a 6×8 block of C held in 12 named accumulators
/// (6 broadcasts of packed A and 2 loads of packed B per k step). Packed A comes in blocks
/// of 16 k steps with each row's 16 values contiguous (<see cref="GemmPack"/>), so packing a
/// row-major A is a copy, not a transpose. Named locals, not arrays,
/// and no calls anywhere in the method, so that the JIT keeps every accumulator in a register
/// (see shared/GEMM-NOTES.md). Generated shape; edit all kernels alike.
/// </summary>
internal static class GemmKernel128
{
    /// <summary>Rows of C per microkernel call.</summary>
    public const int MR = 6;

    /// <summary>Columns of C per microkernel call.</summary>
    public const int NR = 8;

    /// <summary>6×8 tile: C[0..6, 0..8] = alpha·Σ_p A(i, p)·b[p·8 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·96 + i·16 + p mod 16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector128<float>.Zero; var c0_1 = Vector128<float>.Zero;
        var c1_0 = Vector128<float>.Zero; var c1_1 = Vector128<float>.Zero;
        var c2_0 = Vector128<float>.Zero; var c2_1 = Vector128<float>.Zero;
        var c3_0 = Vector128<float>.Zero; var c3_1 = Vector128<float>.Zero;
        var c4_0 = Vector128<float>.Zero; var c4_1 = Vector128<float>.Zero;
        var c5_0 = Vector128<float>.Zero; var c5_1 = Vector128<float>.Zero;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int steps = kc - p0 < 16 ? kc - p0 : 16;
            float* ap = a;
            for (int q = 0; q < steps; q++)
            {
                var b0 = Vector128.LoadAligned(b + 0);
                var b1 = Vector128.LoadAligned(b + 4);
                var a0 = Vector128.Create(ap[0]);
                c0_0 = Vector128.FusedMultiplyAdd(a0, b0, c0_0);
                c0_1 = Vector128.FusedMultiplyAdd(a0, b1, c0_1);
                var a1 = Vector128.Create(ap[16]);
                c1_0 = Vector128.FusedMultiplyAdd(a1, b0, c1_0);
                c1_1 = Vector128.FusedMultiplyAdd(a1, b1, c1_1);
                var a2 = Vector128.Create(ap[32]);
                c2_0 = Vector128.FusedMultiplyAdd(a2, b0, c2_0);
                c2_1 = Vector128.FusedMultiplyAdd(a2, b1, c2_1);
                var a3 = Vector128.Create(ap[48]);
                c3_0 = Vector128.FusedMultiplyAdd(a3, b0, c3_0);
                c3_1 = Vector128.FusedMultiplyAdd(a3, b1, c3_1);
                var a4 = Vector128.Create(ap[64]);
                c4_0 = Vector128.FusedMultiplyAdd(a4, b0, c4_0);
                c4_1 = Vector128.FusedMultiplyAdd(a4, b1, c4_1);
                var a5 = Vector128.Create(ap[80]);
                c5_0 = Vector128.FusedMultiplyAdd(a5, b0, c5_0);
                c5_1 = Vector128.FusedMultiplyAdd(a5, b1, c5_1);
                ap++;
                b += 8;
            }

            a += 96;
        }

        var va = Vector128.Create(alpha);
        if (loadC)
        {
            var vb = Vector128.Create(beta);
            Vector128.Store(Vector128.FusedMultiplyAdd(c0_0, va, vb * Vector128.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c0_1, va, vb * Vector128.Load(c + 0 * ldc + 4)), c + 0 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c1_0, va, vb * Vector128.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c1_1, va, vb * Vector128.Load(c + 1 * ldc + 4)), c + 1 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c2_0, va, vb * Vector128.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c2_1, va, vb * Vector128.Load(c + 2 * ldc + 4)), c + 2 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c3_0, va, vb * Vector128.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c3_1, va, vb * Vector128.Load(c + 3 * ldc + 4)), c + 3 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c4_0, va, vb * Vector128.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c4_1, va, vb * Vector128.Load(c + 4 * ldc + 4)), c + 4 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c5_0, va, vb * Vector128.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c5_1, va, vb * Vector128.Load(c + 5 * ldc + 4)), c + 5 * ldc + 4);
        }
        else
        {
            var bias0 = Vector128.Load(bias + 0);
            var bias1 = Vector128.Load(bias + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c4_0, va, bias0), c + 4 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c4_1, va, bias1), c + 4 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c5_0, va, bias0), c + 5 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c5_1, va, bias1), c + 5 * ldc + 4);
        }
    }
}
