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
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(x.Length, (long)rows * cols, nameof(x), "rows·cols");
        Check.Length(y.Length, (long)rows * cols, nameof(y), "rows·cols");
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
        fixed (float* px = x)
        fixed (float* py = y)
        {
            SoftmaxKernel.Run(px, py, rows, cols);
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
}
