using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Element-wise activation functions, their derivatives, row-wise softmax, and the bias helpers of
/// a dense layer. Vectorized per instruction set (<see cref="Isa.VectorBits"/>); nothing is allocated.
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
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
        UnaryDriver.Run<SigmoidOperator>(x, y);
    }

    /// <summary>
    /// dx = dy·y·(1 − y) element-wise, where y is the sigmoid output; y and dy have equal length,
    /// dx.Length ≥ y.Length. At most three roundings (relative error ≤ 3·2^-24).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void SigmoidGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckGrad(y, dy, dx, nameof(y));
        BinaryDriver.Run<SigmoidGradOperator>(y, dy, dx);
    }

    /// <summary>
    /// y = tanh(x) element-wise; y.Length ≥ x.Length. Error at most 3 ulp (accurate relative to the
    /// result for tiny |x|: tanh(x) ≈ x, and −0 gives −0); exactly ±1 for |x| &gt; 9.0109;
    /// tanh(±∞) = ±1; NaN gives NaN.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
        UnaryDriver.Run<TanhOperator>(x, y);
    }

    /// <summary>
    /// dx = dy·(1 − y²) element-wise, where y is the tanh output; 1 − y² is one fused multiply-add
    /// (no cancellation near ±1), so the relative error is at most 2·2^-24.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void TanhGrad(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckGrad(y, dy, dx, nameof(y));
        BinaryDriver.Run<TanhGradOperator>(y, dy, dx);
    }

    /// <summary>
    /// y = max(x, 0) element-wise; y.Length ≥ x.Length. NaN gives NaN (IEEE maximum); −0 gives +0.
    /// </summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
        UnaryDriver.Run<ReluOperator>(x, y);
    }

    /// <summary>
    /// dx = dy where x &gt; 0, else 0, where x is the pre-activation (ReLU′(0) = 0; a NaN x gives 0,
    /// its NaN having already shown in the forward output).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or dx is too short or partially overlaps an input.</exception>
    public static void ReluGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckGrad(x, dy, dx, nameof(x));
        BinaryDriver.Run<ReluGradOperator>(x, dy, dx);
    }

    /// <summary>y = x for x &gt; 0, else slope·x, element-wise (exact but for the one product); NaN gives NaN.</summary>
    /// <exception cref="ArgumentException">y is shorter than x, or partially overlaps it.</exception>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        Check.Length(y.Length, x.Length, nameof(y), "x");
        Aliasing.SameOrDisjoint(x, y, nameof(x), nameof(y));
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

    /// <summary>
    /// Adds bias[j] to every element of column j of a rows×cols row-major matrix, in place:
    /// matrix[r, j] += bias[j] (the "+ b" of a dense layer's z = W·a + b, for a batch of rows).
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, matrix is shorter than rows·cols,
    /// bias is shorter than cols, or bias overlaps matrix.</exception>
    public static void AddBias(Span<float> matrix, int rows, int cols, ReadOnlySpan<float> bias)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(matrix.Length, (long)rows * cols, nameof(matrix), "rows·cols");
        Check.Length(bias.Length, cols, nameof(bias), "cols");
        Aliasing.Disjoint(matrix, bias, nameof(matrix), nameof(bias));
        bias = bias[..cols];
        for (int r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * cols, cols);
            BinaryDriver.Run<AddOperator>(row, bias, row);
        }
    }

    /// <summary>
    /// Accumulates the column sums of a rows×cols row-major matrix: sums[j] += Σ_r matrix[r, j]
    /// (the bias gradient db += Σ over the batch of dZ). Rows are added in order, in single precision.
    /// </summary>
    /// <exception cref="ArgumentException">rows or cols is negative, matrix is shorter than rows·cols,
    /// sums is shorter than cols, or sums overlaps matrix.</exception>
    public static void SumRows(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(cols, nameof(cols));
        Check.Length(matrix.Length, (long)rows * cols, nameof(matrix), "rows·cols");
        Check.Length(sums.Length, cols, nameof(sums), "cols");
        Aliasing.Disjoint(matrix, sums, nameof(matrix), nameof(sums));
        var target = sums[..cols];
        for (int r = 0; r < rows; r++)
        {
            BinaryDriver.Run<AddOperator>(target, matrix.Slice(r * cols, cols), target);
        }
    }

    private static void CheckGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> dy, Span<float> dx, string inputName)
    {
        Check.SameLength(dy.Length, input.Length, nameof(dy), inputName);
        Check.Length(dx.Length, input.Length, nameof(dx), inputName);
        Aliasing.SameOrDisjoint(input, dx, inputName, nameof(dx));
        Aliasing.SameOrDisjoint(dy, dx, nameof(dy), nameof(dx));
    }
}
