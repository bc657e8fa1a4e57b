using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Element-wise activation functions, their derivatives and row-wise softmax. Vectorized per
/// instruction set (<see cref="Isa.VectorBits"/>); nothing is allocated.
/// </summary>
/// <remarks>
/// Aliasing: an output may be exactly one of the inputs (in place, e.g. <c>Sigmoid(z, z)</c>) or be
/// disjoint from them; a partial overlap throws <see cref="ArgumentException"/>. Outputs may be
/// longer than the inputs; only the first elements are written.
/// </remarks>
public static class Activations
{
    /// <summary>
    /// y = σ(x) = 1/(1 + e^(−x)) element-wise; y.Length ≥ x.Length.
    /// Relative error at most 8·2^-24 for x &lt; 0 and 4·2^-24 for x ≥ 0 (an exp within 2 ulp, then one
    /// addition and one division), kept for large negative x (σ(x) ≈ e^x) until σ(x) is subnormal,
    /// where the error is at most one subnormal ulp more. σ saturates to exactly 0
    /// (x &lt; −103.98, where e^x rounds to 0) and exactly 1 (x &gt; 16.7); σ(+∞) = 1, σ(−∞) = 0; NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Map<SigmoidOperator>(x, y);

    /// <summary>
    /// dx = dy·y·(1 − y) element-wise, where y is the sigmoid output; y and dy have equal length,
    /// dx.Length ≥ y.Length. At most three roundings (relative error ≤ 3·2^-24).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void SigmoidGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<SigmoidGradOperator>(y, dy, dx, nameof(y));

    /// <summary>
    /// y = tanh(x) element-wise; y.Length ≥ x.Length. Error at most 3 ulp (accurate relative to the
    /// result for tiny |x|: tanh(x) ≈ x, and −0 gives −0); exactly ±1 for |x| &gt; 9.0109;
    /// tanh(±∞) = ±1; NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Map<TanhOperator>(x, y);

    /// <summary>
    /// dx = dy·(1 − y²) element-wise, where y is the tanh output; 1 − y² is one fused multiply-add
    /// (no cancellation near ±1), so the relative error is at most 2·2^-24.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void TanhGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<TanhGradOperator>(y, dy, dx, nameof(y));

    /// <summary>
    /// y = max(x, 0) element-wise; y.Length ≥ x.Length. NaN gives NaN (IEEE maximum); −0 gives +0.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => Map<ReluOperator>(x, y);

    /// <summary>
    /// dx = dy where x &gt; 0, else 0, where x is the pre-activation (ReLU′(0) = 0; a NaN x gives 0,
    /// its NaN having already shown in the forward output).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void ReluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<ReluGradOperator>(x, dy, dx, nameof(x));

    /// <summary>y = x for x &gt; 0, else slope·x, element-wise (exact but for the one product); NaN gives NaN.</summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        CheckMap(x, y);
        BinaryDriver.RunScalar<LeakyReluOperator>(x, slope, y);
    }

    /// <summary>dx = dy for x &gt; 0, else slope·dy, where x is the pre-activation (the derivative at 0 is slope).</summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void LeakyReluGrad(ReadOnlySpan<float> x, float slope, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckGrad(x, dy, dx, nameof(x));
        TernaryDriver.RunScalar<LeakyReluGradOperator>(x, dy, slope, dx);
    }

    /// <summary>
    /// Row-wise softmax of a rows×cols row-major matrix (contiguous rows):
    /// y_ij = e^(x_ij − m_i) / Σ_k e^(x_ik − m_i) with m_i = max_k x_ik, so it never overflows, for any
    /// finite input. Special rows: a NaN anywhere in a row gives a row of NaN; a row containing +∞
    /// gives a row of NaN; a row of only −∞ gives a row of NaN (as PyTorch does); −∞ next to a finite
    /// maximum gives exactly 0. y may be x (in place).
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is shorter than rows·cols, or y partially overlaps x.</exception>
    public static unsafe void Softmax(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        CheckRows(x, rows, cols, y, nameof(x), nameof(y));
        fixed (float* px = x)
        fixed (float* py = y)
        {
            SoftmaxKernel.Run(px, py, rows, cols);
        }
    }

    /// <summary>
    /// GELU, exact form (PyTorch's default): y = x·Φ(x) = x·½(1 + erf(x/√2)) element-wise; y.Length ≥ x.Length.
    /// Φ is evaluated with relative accuracy in both tails (erfc for |x| ≥ 1.24, see the erf notes below),
    /// so the relative error is at most 25·2^-24 (Φ's 24 plus the product) while y is a normal number;
    /// subnormal results (−14.3 &lt; x &lt; −13.6) are within (|x| + 2) subnormal ulps. x &lt; −15 gives −0 (the true
    /// value has underflowed), −∞ gives −0, +∞ gives +∞, NaN gives NaN. The erf underneath is within 2 ulp; the worst GELU error seen on a dense sweep is 22.3·2^-24 (x = −13.15, where Φ is subnormal).
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => Map<GeluOperator>(x, y);

    /// <summary>
    /// dx = dy·(Φ(x) + x·φ(x)) element-wise, where x is the pre-activation and φ(x) = e^(−x²/2)/√(2π);
    /// exactly dy for x &gt; 15 and 0 for x &lt; −15. Absolute error at most 32·2^-24·|dy|·(|Φ(x)| + |x·φ(x)|).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void GeluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<GeluGradOperator>(x, dy, dx, nameof(x));

    /// <summary>
    /// GELU, tanh approximation (PyTorch's approximate='tanh'): y = ½x·(1 + tanh(√(2/π)(x + 0.044715x³))),
    /// computed as x·σ(v), v = 2√(2/π)·x·(1 + 0.044715x²). Relative error at most (13 + 4|v|(1 − σ(v)))·2^-24;
    /// −∞ gives −0, +∞ gives +∞, NaN gives NaN. It differs from <see cref="Gelu"/> by up to about 5·10⁻⁴.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y) => Map<GeluTanhOperator>(x, y);

    /// <summary>
    /// dx = dy·(σ(v) + x·σ(v)(1 − σ(v))·2√(2/π)(1 + 0.134145x²)) element-wise, the derivative of
    /// <see cref="GeluTanh"/> at the pre-activation x; exactly dy for x ≥ 120 and 0 for x ≤ −120.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void GeluTanhGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<GeluTanhGradOperator>(x, dy, dx, nameof(x));

    /// <summary>
    /// SiLU (swish) y = x·σ(x) element-wise; y.Length ≥ x.Length. Relative error at most 9·2^-24 (σ's 8
    /// plus the product) while σ(x) is normal, (|x| + 2) subnormal ulps beyond; −∞ gives −0, +∞ gives +∞, NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Map<SiluOperator>(x, y);

    /// <summary>
    /// dx = dy·σ(x)·(1 + x·(1 − σ(x))) element-wise, where x is the pre-activation; exactly dy for x ≥ 120
    /// and 0 for x ≤ −120.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void SiluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<SiluGradOperator>(x, dy, dx, nameof(x));

    /// <summary>
    /// ELU y = x for x &gt; 0, else alpha·(e^x − 1), element-wise; y.Length ≥ x.Length. e^x − 1 is an expm1
    /// (relative accuracy kept for small |x|, within 3 ulp), then one product; −∞ gives −alpha; NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Elu(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        CheckMap(x, y);
        BinaryDriver.RunScalar<EluOperator>(x, alpha, y);
    }

    /// <summary>
    /// dx = dy for x &gt; 0, else dy·alpha·e^x, where x is the pre-activation (the derivative at 0 is alpha,
    /// as PyTorch); relative error at most 6·2^-24 (e^x within 2 ulp, two products).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void EluGrad(ReadOnlySpan<float> x, float alpha, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckGrad(x, dy, dx, nameof(x));
        TernaryDriver.RunScalar<EluGradOperator>(x, dy, alpha, dx);
    }

    /// <summary>y = min(max(x, 0), 6) element-wise, exact; NaN gives NaN, −0 gives +0.</summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Relu6(ReadOnlySpan<float> x, Span<float> y) => Map<Relu6Operator>(x, y);

    /// <summary>dx = dy where 0 &lt; x &lt; 6, else 0 (0 at both kinks, as PyTorch), x the pre-activation.</summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void Relu6Grad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGrad<Relu6GradOperator>(x, dy, dx, nameof(x));

    /// <summary>
    /// Row-wise log-softmax of a rows×cols row-major matrix: y_ij = (x_ij − m_i) − log Σ_k e^(x_ik − m_i),
    /// m_i = max_k x_ik, so it never overflows and never takes log(0) for finite rows. Error at most
    /// u·(|x_ij − m_i| + |y_ij| + L_i + cols + 3 + Σ_k p_ik·|x_ik − m_i|), u = 2^-24, L_i = log Σ_k e^(x_ik − m_i),
    /// p = softmax(x): the two subtractions, L's rounding, and a sum of cols exponentials each within 2 ulp. Special rows as <see cref="Softmax"/>: NaN rows for a NaN,
    /// a +∞, or only −∞; −∞ next to a finite maximum gives −∞. y may be x (in place).
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is shorter than rows·cols, or y partially overlaps x.</exception>
    public static unsafe void LogSoftmax(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        CheckRows(x, rows, cols, y, nameof(x), nameof(y));
        fixed (float* px = x)
        fixed (float* py = y)
        {
            LogSoftmaxKernel.Run(px, py, rows, cols);
        }
    }

    /// <summary>
    /// Backward pass of <see cref="LogSoftmax"/> per row, from its output y (log-probabilities):
    /// dx_ij = dy_ij − e^(y_ij)·Σ_k dy_ik. All three are rows×cols; dx may be dy or y (in place).
    /// For the given y the error is at most u·|dx_ij| + e^(y_ij)·(4u·|s_i| + (cols − 1)·u·Σ_k |dy_ik|), u = 2^-24,
    /// s_i = Σ_k dy_ik (a rounded sum, e^y within 2 ulp, one fused multiply-add).
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, a span is shorter than rows·cols, or dx partially overlaps an input.</exception>
    public static unsafe void LogSoftmaxGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, int rows, int cols, Span<float> dx)
    {
        CheckRows(y, rows, cols, dx, nameof(y), nameof(dx));
        Check.Length(dy.Length, (long)rows * cols, nameof(dy), "rows·cols");
        Aliasing.SameOrDisjoint(dy, dx, nameof(dy), nameof(dx));
        fixed (float* py = y)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        {
            LogSoftmaxKernel.RunGrad(py, pdy, pdx, rows, cols);
        }
    }

    /// <summary>y = f(x) after the checks every unary entry point makes.</summary>
    private static void Map<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : IUnaryOperator
    {
        CheckMap(x, y);
        UnaryDriver.Run<TOperator>(x, y);
    }

    /// <summary>dx = f(input, dy) after the checks every derivative entry point makes.</summary>
    private static void MapGrad<TOperator>(ReadOnlySpan<float> input, ReadOnlySpan<float> dy, Span<float> dx, string inputName)
        where TOperator : IBinaryOperator
    {
        CheckGrad(input, dy, dx, inputName);
        BinaryDriver.Run<TOperator>(input, dy, dx);
    }

    private static void CheckMap(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), nameof(x));
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
    }

    private static void CheckGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> dy, Span<float> dx, string inputName)
    {
        Check.SameLength(dy.Length, input.Length, nameof(dy), inputName);
        Check.Length(dx.Length, input.Length, nameof(dx), inputName);
        Aliasing.SameOrDisjoint(input, dx, inputName, nameof(dx));
        Aliasing.SameOrDisjoint(dy, dx, nameof(dy), nameof(dx));
    }

    /// <summary>The checks of the row-wise entry points: sizes non-negative, both spans hold rows·cols, output same or disjoint.</summary>
    private static void CheckRows(ReadOnlySpan<float> input, int rows, int cols, Span<float> output, string inputName, string outputName)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(input.Length, (long)rows * cols, inputName, "rows·cols");
        Check.Length(output.Length, (long)rows * cols, outputName, "rows·cols");
        Aliasing.SameOrDisjoint(input, output, inputName, outputName);
    }
}
