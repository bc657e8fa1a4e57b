namespace SimdNn.Testing;

/// <summary>
/// Plain double-precision versions of GELU (exact and tanh), SiLU, ELU, ReLU6, log-softmax and their
/// derivatives, with erf and erfc from their textbook expansions (.NET has no Math.Erf): the series
/// erf(x) = 2/√π·e^(−x²)·Σ 2^n x^(2n+1)/(2n+1)!! (positive terms, no cancellation) below 1, and the
/// continued fraction erfc(x) = e^(−x²)/√π / (x + ½/(x + 1/(x + (3/2)/(x + …)))) from 1 on; both agree with
/// CPython's math.erf/erfc to a few 10^-16 relative.
/// </summary>
/// <remarks>Shared by every test project (tests/Shared), so the layer, ONNX and training tests check against the same formulas.</remarks>
internal static class ReferenceSmoothActivations
{
    /// <summary>σ(x) in double; for x &lt; 0 written as e^x/(1 + e^x) so that it keeps relative accuracy.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        double magnitude = a < 1 ? ErfSeries(a) : 1 - Erfc(a);
        return x < 0 ? -magnitude : magnitude;
    }

    /// <summary>erfc(x) for x ≥ 0.</summary>
    public static double Erfc(double x)
    {
        if (x < 1) return 1 - ErfSeries(x);
        if (double.IsPositiveInfinity(x)) return 0;
        double fraction = x;
        for (int k = 400; k >= 1; k--) fraction = x + k / 2.0 / fraction;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }

    /// <summary>Φ(x), from erfc in the tail that needs it, so both tails keep relative accuracy.</summary>
    public static double NormalCdf(double x) =>
        double.IsNaN(x) ? x : x < 0 ? 0.5 * Erfc(-x / Math.Sqrt(2)) : 1 - 0.5 * Erfc(x / Math.Sqrt(2));

    public static double NormalDensity(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    public static double Gelu(double x) => double.IsNegativeInfinity(x) ? -0.0 : x * NormalCdf(x);

    public static double GeluGrad(double x, double dy) =>
        dy * (double.IsInfinity(x) ? (x > 0 ? 1 : 0) : NormalCdf(x) + x * NormalDensity(x));

    private const double TanhScale = 0.7978845608028654; // √(2/π)

    /// <summary>½x(1 + tanh(u)) written as x·σ(2u) (the same number), so the negative tail does not cancel in double either.</summary>
    public static double GeluTanh(double x) =>
        double.IsNegativeInfinity(x) ? -0.0 : double.IsPositiveInfinity(x) ? x : x * Sigmoid(2 * TanhScale * (x + 0.044715 * x * x * x));

    /// <summary>d/dx of x·σ(v), v = 2√(2/π)(x + 0.044715x³): σ(v) + x·σ(v)σ(−v)·v′ (σ(−v) rather than 1 − σ(v): no cancellation).</summary>
    public static double GeluTanhGrad(double x, double dy)
    {
        if (double.IsInfinity(x) || Math.Abs(x) > 1e6) return x > 0 ? dy : 0;
        double v = 2 * TanhScale * (x + 0.044715 * x * x * x);
        double s = Sigmoid(v);
        return dy * (s + x * s * Sigmoid(-v) * 2 * TanhScale * (1 + 3 * 0.044715 * x * x));
    }

    public static double Silu(double x) => double.IsNegativeInfinity(x) ? -0.0 : x * Sigmoid(x);

    public static double SiluGrad(double x, double dy)
    {
        if (double.IsInfinity(x)) return x > 0 ? dy : 0;
        return dy * Sigmoid(x) * (1 + x * Sigmoid(-x));
    }

    public static double Elu(double x, double alpha) => x > 0 ? x : alpha * (double.IsNegativeInfinity(x) ? -1 : Expm1(x));

    public static double EluGrad(double x, double alpha, double dy) => x > 0 ? dy : dy * alpha * Math.Exp(x);

    /// <summary>e^x − 1 without cancellation for small |x| (Taylor series below 1e-3).</summary>
    public static double Expm1(double x) =>
        Math.Abs(x) < 1e-3 ? x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24 : Math.Exp(x) - 1;

    public static double Relu6(double x) => double.IsNaN(x) ? x : Math.Min(Math.Max(x, 0), 6);

    public static double Relu6Grad(double x, double dy) => x > 0 && x < 6 ? dy : 0;

    /// <summary>Row-wise log-softmax in double: (x − max) − log Σ e^(x − max).</summary>
    public static double[] LogSoftmax(ReadOnlySpan<float> x, int rows, int cols)
    {
        var y = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.Exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] - max - Math.Log(sum);
        }

        return y;
    }

    /// <summary>dx = dy − e^y·Σ dy per row, y the log-softmax output.</summary>
    public static double[] LogSoftmaxGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, int rows, int cols)
    {
        var dx = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += dy[r * cols + j];
            for (int j = 0; j < cols; j++) dx[r * cols + j] = dy[r * cols + j] - Math.Exp(y[r * cols + j]) * sum;
        }

        return dx;
    }

    private static double ErfSeries(double x)
    {
        double term = x, sum = x;
        for (int n = 1; n < 300 && term > 1e-20 * sum; n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }
}
