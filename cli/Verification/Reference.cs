namespace SimdNn.Cli.Verification;

/// <summary>Naive double-precision references: three nested loops, no blocking, no vectors.</summary>
internal static class Reference
{
    /// <summary>Element (i, j) of op(A)·op(B) in double, and Σ|a·b| for the error bound.</summary>
    public static (double Value, double Magnitude) GemmElement(bool transA, bool transB, int i, int j, int k,
        float[] a, int lda, float[] b, int ldb)
    {
        double sum = 0, magnitude = 0;
        for (int p = 0; p < k; p++)
        {
            double av = transA ? a[p * lda + i] : a[i * lda + p];
            double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
            sum += av * bv;
            magnitude += Math.Abs(av * bv);
        }

        return (sum, magnitude);
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static void Softmax(float[] x, int row, int cols, double[] y)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < cols; j++) max = Math.Max(max, x[row * cols + j]);
        double sum = 0;
        for (int j = 0; j < cols; j++) sum += y[j] = Math.Exp(x[row * cols + j] - max);
        for (int j = 0; j < cols; j++) y[j] /= sum;
    }
}
