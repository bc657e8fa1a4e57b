using Numerics.Simd;

namespace Numerics.Simd.Tests.Reference;

/// <summary>Naive double-precision GEMM (three nested loops) and the magnitudes the error bound needs.</summary>
internal static class ReferenceGemm
{
    /// <summary>
    /// want = alpha·op(A)·op(B) + beta·C (beta = 0: C ignored), and scale = |alpha|·Σ_p |a_ip·b_pj| + |beta·c_ij|,
    /// both m×n dense (leading dimension n).
    /// </summary>
    public static (double[] Want, double[] Scale) Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc, float[]? bias = null)
    {
        var want = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    double bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                    magnitude += Math.Abs(av * bv);
                }

                double rest = bias is not null ? bias[j] : beta == 0 ? 0 : (double)beta * c[i * ldc + j];
                want[i * n + j] = alpha * sum + rest;
                scale[i * n + j] = Math.Abs(alpha) * magnitude + Math.Abs(rest);
            }
        }

        return (want, scale);
    }
}
