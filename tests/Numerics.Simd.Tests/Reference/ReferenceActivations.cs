namespace Numerics.Simd.Tests.Reference;

/// <summary>Plain double-precision versions of the activations, softmax and bias helpers.</summary>
internal static class ReferenceActivations
{
    /// <summary>σ(x) in double; for x &lt; 0 written as e^x/(1 + e^x) so that it keeps relative accuracy.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    public static double Tanh(double x) => Math.Tanh(x);

    public static double Relu(double x) => double.IsNaN(x) ? x : Math.Max(x, 0);

    public static double LeakyRelu(double x, double slope) => x > 0 ? x : slope * x;

    public static double SigmoidGrad(double y, double dy) => dy * y * (1 - y);

    public static double TanhGrad(double y, double dy) => dy * (1 - y * y);

    public static double ReluGrad(double x, double dy) => x > 0 ? dy : 0;

    public static double LeakyReluGrad(double x, double slope, double dy) => x > 0 ? dy : slope * dy;

    /// <summary>Row-wise softmax in double, max subtracted.</summary>
    public static double[] Softmax(ReadOnlySpan<float> x, int rows, int cols)
    {
        var y = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += y[r * cols + j] = Math.Exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) y[r * cols + j] /= sum;
        }

        return y;
    }

    /// <summary>Column sums Σ_r m[r, j] in double.</summary>
    public static double[] ColumnSums(ReadOnlySpan<float> matrix, int rows, int cols)
    {
        var sums = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) sums[j] += matrix[r * cols + j];
        }

        return sums;
    }
}
