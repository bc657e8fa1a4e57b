namespace Numerics.Simd;

/// <summary>
/// Element-wise activation functions and their derivatives. x and y (or dy and dx) may be the
/// same span (in place); otherwise they must not overlap.
/// </summary>
public static class Activations
{
    /// <summary>y = 1 / (1 + e^(−x)). Saturates to exactly 0 and 1 far out; NaN gives NaN.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        for (int i = 0; i < x.Length; i++) y[i] = (float)(1.0 / (1.0 + Math.Exp(-x[i])));
    }

    /// <summary>dx = dy·y·(1 − y), where y is the sigmoid output.</summary>
    public static void SigmoidGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(dy.Length, y.Length, nameof(dy), nameof(y));
        Check.Length(dx.Length, y.Length, nameof(dx), "y");
        for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
    }

    /// <summary>y = tanh(x). Saturates to exactly ±1 far out; NaN gives NaN.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        for (int i = 0; i < x.Length; i++) y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>dx = dy·(1 − y²), where y is the tanh output.</summary>
    public static void TanhGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(dy.Length, y.Length, nameof(dy), nameof(y));
        Check.Length(dx.Length, y.Length, nameof(dx), "y");
        for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    }

    /// <summary>y = max(x, 0). NaN gives NaN.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : (float.IsNaN(x[i]) ? x[i] : 0);
    }

    /// <summary>dx = dy where x &gt; 0, else 0 (ReLU'(0) = 0); x is the pre-activation.</summary>
    public static void ReluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(dy.Length, x.Length, nameof(dy), nameof(x));
        Check.Length(dx.Length, x.Length, nameof(dx), "x");
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    }

    /// <summary>y = x for x &gt; 0, else slope·x.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
    }

    /// <summary>dx = dy for x &gt; 0, else slope·dy; x is the pre-activation.</summary>
    public static void LeakyReluGrad(ReadOnlySpan<float> x, float slope, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(dy.Length, x.Length, nameof(dy), nameof(x));
        Check.Length(dx.Length, x.Length, nameof(dx), "x");
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
    }

    /// <summary>
    /// Row-wise softmax of a rows×cols matrix (contiguous rows): y_ij = e^(x_ij − max_i) / Σ_j e^(x_ij − max_i).
    /// Subtracting the row maximum means it never overflows.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(x.Length, (long)rows * cols, nameof(x), "rows·cols");
        Check.Length(y.Length, (long)rows * cols, nameof(y), "rows·cols");
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            float max = float.NegativeInfinity;
            foreach (float v in xr) max = MathF.Max(max, v);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += yr[j] = MathF.Exp(xr[j] - max);
            for (int j = 0; j < cols; j++) yr[j] = (float)(yr[j] / sum);
        }
    }
}
