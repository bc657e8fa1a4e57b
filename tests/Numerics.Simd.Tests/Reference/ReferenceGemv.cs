namespace Numerics.Simd.Tests.Reference;

/// <summary>Plain double-precision GEMV, and the magnitude Σ|a·x| per output the error bound is scaled by.</summary>
internal static class ReferenceGemv
{
    public static (double[] Y, double[] Magnitude) Multiply(Transpose transA, int m, int n, float alpha,
        float[] a, int lda, float[] x, float beta, float[] y)
    {
        int rows = transA == Transpose.No ? m : n;
        int inner = transA == Transpose.No ? n : m;
        var result = new double[rows];
        var magnitude = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0, abs = 0;
            for (int p = 0; p < inner; p++)
            {
                double product = (double)(transA == Transpose.No ? a[i * lda + p] : a[p * lda + i]) * x[p];
                sum += product;
                abs += Math.Abs(product);
            }

            result[i] = alpha * sum + (beta == 0 ? 0 : beta * (double)y[i]);
            magnitude[i] = abs;
        }

        return (result, magnitude);
    }
}
