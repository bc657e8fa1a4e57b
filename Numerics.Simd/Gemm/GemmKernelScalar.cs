using System.Runtime.CompilerServices;

namespace Numerics.Simd;

/// <summary>
/// The scalar GEMM microkernel (the path taken with SIMDNN_MAX_VECTOR_BITS=0): a 4×4 block of C
/// in 16 named accumulators. Uses the same fused multiply-adds as the vector kernels.
/// </summary>
internal static class GemmKernelScalar
{
    /// <summary>Rows of C per microkernel call.</summary>
    public const int MR = 4;

    /// <summary>Columns of C per microkernel call.</summary>
    public const int NR = 4;

    /// <summary>4×4 tile: C = alpha·Σ_p A(i, p)·b[p·4 + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / 16)·64 + i·16 + p mod 16] (<see cref="GemmPack"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p0 = 0; p0 < kc; p0 += GemmPack.KBlock)
        {
            int steps = kc - p0 < GemmPack.KBlock ? kc - p0 : GemmPack.KBlock;
            for (int q = 0; q < steps; q++)
            {
                float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
                float a0 = a[q], a1 = a[q + GemmPack.KBlock], a2 = a[q + 2 * GemmPack.KBlock], a3 = a[q + 3 * GemmPack.KBlock];
                c00 = MathF.FusedMultiplyAdd(a0, b0, c00); c01 = MathF.FusedMultiplyAdd(a0, b1, c01);
                c02 = MathF.FusedMultiplyAdd(a0, b2, c02); c03 = MathF.FusedMultiplyAdd(a0, b3, c03);
                c10 = MathF.FusedMultiplyAdd(a1, b0, c10); c11 = MathF.FusedMultiplyAdd(a1, b1, c11);
                c12 = MathF.FusedMultiplyAdd(a1, b2, c12); c13 = MathF.FusedMultiplyAdd(a1, b3, c13);
                c20 = MathF.FusedMultiplyAdd(a2, b0, c20); c21 = MathF.FusedMultiplyAdd(a2, b1, c21);
                c22 = MathF.FusedMultiplyAdd(a2, b2, c22); c23 = MathF.FusedMultiplyAdd(a2, b3, c23);
                c30 = MathF.FusedMultiplyAdd(a3, b0, c30); c31 = MathF.FusedMultiplyAdd(a3, b1, c31);
                c32 = MathF.FusedMultiplyAdd(a3, b2, c32); c33 = MathF.FusedMultiplyAdd(a3, b3, c33);
                b += 4;
            }

            a += 4 * GemmPack.KBlock;
        }

        Store(c, alpha, beta, loadC, bias, c00, c01, c02, c03);
        Store(c + ldc, alpha, beta, loadC, bias, c10, c11, c12, c13);
        Store(c + 2 * ldc, alpha, beta, loadC, bias, c20, c21, c22, c23);
        Store(c + 3 * ldc, alpha, beta, loadC, bias, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* row, float alpha, float beta, bool loadC, float* bias, float v0, float v1, float v2, float v3)
    {
        if (loadC)
        {
            row[0] = MathF.FusedMultiplyAdd(v0, alpha, beta * row[0]);
            row[1] = MathF.FusedMultiplyAdd(v1, alpha, beta * row[1]);
            row[2] = MathF.FusedMultiplyAdd(v2, alpha, beta * row[2]);
            row[3] = MathF.FusedMultiplyAdd(v3, alpha, beta * row[3]);
        }
        else
        {
            row[0] = MathF.FusedMultiplyAdd(v0, alpha, bias[0]);
            row[1] = MathF.FusedMultiplyAdd(v1, alpha, bias[1]);
            row[2] = MathF.FusedMultiplyAdd(v2, alpha, bias[2]);
            row[3] = MathF.FusedMultiplyAdd(v3, alpha, bias[3]);
        }
    }
}
