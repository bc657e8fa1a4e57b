using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// Direct (unpacked) Vector256 kernels for 1 to 4 rows of C over a row-major B (k×n): each load of
/// a B row segment (32 floats, 64 for one row) feeds every row's fused multiply-add, so B streams once for
/// all rows. Generated shape: named accumulators, no calls (shared/GEMM-NOTES.md).
/// </summary>
internal static class GemmSmallMKernel256
{
    /// <summary>Columns of C per call of Rows2 to Rows4.</summary>
    public const int Width = 32;

    /// <summary>Columns of C per call of Rows1.</summary>
    public const int Width1 = 64;

    /// <summary>C[0..1, j..j+64] = alpha·Σ_p a[r·lda + p]·b[p·ldb + j..] + (loadC ? beta·C : bias), 8 vectors wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Rows1(int k, float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero; var c0_2 = Vector256<float>.Zero; var c0_3 = Vector256<float>.Zero; var c0_4 = Vector256<float>.Zero; var c0_5 = Vector256<float>.Zero; var c0_6 = Vector256<float>.Zero; var c0_7 = Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            float* row = b + p * ldb;
            var b0 = Vector256.Load(row + 0);
            var b1 = Vector256.Load(row + 8);
            var b2 = Vector256.Load(row + 16);
            var b3 = Vector256.Load(row + 24);
            var b4 = Vector256.Load(row + 32);
            var b5 = Vector256.Load(row + 40);
            var b6 = Vector256.Load(row + 48);
            var b7 = Vector256.Load(row + 56);
            var a0 = Vector256.Create(a[0 * aRowStep + p * aColStep]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            c0_2 = Vector256.FusedMultiplyAdd(a0, b2, c0_2);
            c0_3 = Vector256.FusedMultiplyAdd(a0, b3, c0_3);
            c0_4 = Vector256.FusedMultiplyAdd(a0, b4, c0_4);
            c0_5 = Vector256.FusedMultiplyAdd(a0, b5, c0_5);
            c0_6 = Vector256.FusedMultiplyAdd(a0, b6, c0_6);
            c0_7 = Vector256.FusedMultiplyAdd(a0, b7, c0_7);
        }

        var va = Vector256.Create(alpha);
        if (loadC)
        {
            var vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, vb * Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, vb * Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, vb * Vector256.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, vb * Vector256.Load(c + 0 * ldc + 24)), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_4, va, vb * Vector256.Load(c + 0 * ldc + 32)), c + 0 * ldc + 32);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_5, va, vb * Vector256.Load(c + 0 * ldc + 40)), c + 0 * ldc + 40);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_6, va, vb * Vector256.Load(c + 0 * ldc + 48)), c + 0 * ldc + 48);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_7, va, vb * Vector256.Load(c + 0 * ldc + 56)), c + 0 * ldc + 56);
        }
        else
        {
            var bias0 = Vector256.Load(bias + 0);
            var bias1 = Vector256.Load(bias + 8);
            var bias2 = Vector256.Load(bias + 16);
            var bias3 = Vector256.Load(bias + 24);
            var bias4 = Vector256.Load(bias + 32);
            var bias5 = Vector256.Load(bias + 40);
            var bias6 = Vector256.Load(bias + 48);
            var bias7 = Vector256.Load(bias + 56);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, bias2), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, bias3), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_4, va, bias4), c + 0 * ldc + 32);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_5, va, bias5), c + 0 * ldc + 40);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_6, va, bias6), c + 0 * ldc + 48);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_7, va, bias7), c + 0 * ldc + 56);
        }
    }

    /// <summary>C[0..2, j..j+32] = alpha·Σ_p a[r·lda + p]·b[p·ldb + j..] + (loadC ? beta·C : bias), 4 vectors wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Rows2(int k, float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero; var c0_2 = Vector256<float>.Zero; var c0_3 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero; var c1_2 = Vector256<float>.Zero; var c1_3 = Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            float* row = b + p * ldb;
            var b0 = Vector256.Load(row + 0);
            var b1 = Vector256.Load(row + 8);
            var b2 = Vector256.Load(row + 16);
            var b3 = Vector256.Load(row + 24);
            var a0 = Vector256.Create(a[0 * aRowStep + p * aColStep]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            c0_2 = Vector256.FusedMultiplyAdd(a0, b2, c0_2);
            c0_3 = Vector256.FusedMultiplyAdd(a0, b3, c0_3);
            var a1 = Vector256.Create(a[1 * aRowStep + p * aColStep]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            c1_2 = Vector256.FusedMultiplyAdd(a1, b2, c1_2);
            c1_3 = Vector256.FusedMultiplyAdd(a1, b3, c1_3);
        }

        var va = Vector256.Create(alpha);
        if (loadC)
        {
            var vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, vb * Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, vb * Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, vb * Vector256.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, vb * Vector256.Load(c + 0 * ldc + 24)), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, vb * Vector256.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, vb * Vector256.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, vb * Vector256.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, vb * Vector256.Load(c + 1 * ldc + 24)), c + 1 * ldc + 24);
        }
        else
        {
            var bias0 = Vector256.Load(bias + 0);
            var bias1 = Vector256.Load(bias + 8);
            var bias2 = Vector256.Load(bias + 16);
            var bias3 = Vector256.Load(bias + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, bias2), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, bias3), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, bias2), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, bias3), c + 1 * ldc + 24);
        }
    }

    /// <summary>C[0..3, j..j+32] = alpha·Σ_p a[r·lda + p]·b[p·ldb + j..] + (loadC ? beta·C : bias), 4 vectors wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Rows3(int k, float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero; var c0_2 = Vector256<float>.Zero; var c0_3 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero; var c1_2 = Vector256<float>.Zero; var c1_3 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero; var c2_2 = Vector256<float>.Zero; var c2_3 = Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            float* row = b + p * ldb;
            var b0 = Vector256.Load(row + 0);
            var b1 = Vector256.Load(row + 8);
            var b2 = Vector256.Load(row + 16);
            var b3 = Vector256.Load(row + 24);
            var a0 = Vector256.Create(a[0 * aRowStep + p * aColStep]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            c0_2 = Vector256.FusedMultiplyAdd(a0, b2, c0_2);
            c0_3 = Vector256.FusedMultiplyAdd(a0, b3, c0_3);
            var a1 = Vector256.Create(a[1 * aRowStep + p * aColStep]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            c1_2 = Vector256.FusedMultiplyAdd(a1, b2, c1_2);
            c1_3 = Vector256.FusedMultiplyAdd(a1, b3, c1_3);
            var a2 = Vector256.Create(a[2 * aRowStep + p * aColStep]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            c2_2 = Vector256.FusedMultiplyAdd(a2, b2, c2_2);
            c2_3 = Vector256.FusedMultiplyAdd(a2, b3, c2_3);
        }

        var va = Vector256.Create(alpha);
        if (loadC)
        {
            var vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, vb * Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, vb * Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, vb * Vector256.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, vb * Vector256.Load(c + 0 * ldc + 24)), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, vb * Vector256.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, vb * Vector256.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, vb * Vector256.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, vb * Vector256.Load(c + 1 * ldc + 24)), c + 1 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, vb * Vector256.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, vb * Vector256.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_2, va, vb * Vector256.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_3, va, vb * Vector256.Load(c + 2 * ldc + 24)), c + 2 * ldc + 24);
        }
        else
        {
            var bias0 = Vector256.Load(bias + 0);
            var bias1 = Vector256.Load(bias + 8);
            var bias2 = Vector256.Load(bias + 16);
            var bias3 = Vector256.Load(bias + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, bias2), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, bias3), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, bias2), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, bias3), c + 1 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_2, va, bias2), c + 2 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_3, va, bias3), c + 2 * ldc + 24);
        }
    }

    /// <summary>C[0..4, j..j+32] = alpha·Σ_p a[r·lda + p]·b[p·ldb + j..] + (loadC ? beta·C : bias), 4 vectors wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Rows4(int k, float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero; var c0_2 = Vector256<float>.Zero; var c0_3 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero; var c1_2 = Vector256<float>.Zero; var c1_3 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero; var c2_2 = Vector256<float>.Zero; var c2_3 = Vector256<float>.Zero;
        var c3_0 = Vector256<float>.Zero; var c3_1 = Vector256<float>.Zero; var c3_2 = Vector256<float>.Zero; var c3_3 = Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            float* row = b + p * ldb;
            var b0 = Vector256.Load(row + 0);
            var b1 = Vector256.Load(row + 8);
            var b2 = Vector256.Load(row + 16);
            var b3 = Vector256.Load(row + 24);
            var a0 = Vector256.Create(a[0 * aRowStep + p * aColStep]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            c0_2 = Vector256.FusedMultiplyAdd(a0, b2, c0_2);
            c0_3 = Vector256.FusedMultiplyAdd(a0, b3, c0_3);
            var a1 = Vector256.Create(a[1 * aRowStep + p * aColStep]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            c1_2 = Vector256.FusedMultiplyAdd(a1, b2, c1_2);
            c1_3 = Vector256.FusedMultiplyAdd(a1, b3, c1_3);
            var a2 = Vector256.Create(a[2 * aRowStep + p * aColStep]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            c2_2 = Vector256.FusedMultiplyAdd(a2, b2, c2_2);
            c2_3 = Vector256.FusedMultiplyAdd(a2, b3, c2_3);
            var a3 = Vector256.Create(a[3 * aRowStep + p * aColStep]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            c3_2 = Vector256.FusedMultiplyAdd(a3, b2, c3_2);
            c3_3 = Vector256.FusedMultiplyAdd(a3, b3, c3_3);
        }

        var va = Vector256.Create(alpha);
        if (loadC)
        {
            var vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, vb * Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, vb * Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, vb * Vector256.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, vb * Vector256.Load(c + 0 * ldc + 24)), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, vb * Vector256.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, vb * Vector256.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, vb * Vector256.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, vb * Vector256.Load(c + 1 * ldc + 24)), c + 1 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, vb * Vector256.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, vb * Vector256.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_2, va, vb * Vector256.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_3, va, vb * Vector256.Load(c + 2 * ldc + 24)), c + 2 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_0, va, vb * Vector256.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_1, va, vb * Vector256.Load(c + 3 * ldc + 8)), c + 3 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_2, va, vb * Vector256.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_3, va, vb * Vector256.Load(c + 3 * ldc + 24)), c + 3 * ldc + 24);
        }
        else
        {
            var bias0 = Vector256.Load(bias + 0);
            var bias1 = Vector256.Load(bias + 8);
            var bias2 = Vector256.Load(bias + 16);
            var bias3 = Vector256.Load(bias + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_0, va, bias0), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_1, va, bias1), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_2, va, bias2), c + 0 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c0_3, va, bias3), c + 0 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_0, va, bias0), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_1, va, bias1), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_2, va, bias2), c + 1 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c1_3, va, bias3), c + 1 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_0, va, bias0), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_1, va, bias1), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_2, va, bias2), c + 2 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c2_3, va, bias3), c + 2 * ldc + 24);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_0, va, bias0), c + 3 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_1, va, bias1), c + 3 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_2, va, bias2), c + 3 * ldc + 16);
            Vector256.Store(Vector256.FusedMultiplyAdd(c3_3, va, bias3), c + 3 * ldc + 24);
        }
    }
}
