using System.Diagnostics;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// Single-precision general matrix-matrix product (SGEMM), row-major, in the BLIS structure:
/// packed operands, register-blocked microkernels per instruction set (Vector512 12×32,
/// Vector256 6×16, Vector128 6×8, scalar 4×4), cache blocking. Allocates nothing per call
/// (packing buffers are per thread).
/// </summary>
public static unsafe class Gemm
{
    private static int maxDegreeOfParallelism = 1;

    /// <summary>
    /// How many threads one large product may use (default 1). Products under about
    /// <see cref="ParallelThresholdFlops"/> always run on the calling thread. With more than one
    /// thread each owns whole column blocks of C and runs the same per-element sequence of
    /// operations, so results are bitwise identical to the one-thread result. The extra threads
    /// are background workers started on first use and kept, so no call allocates; one parallel
    /// product uses them at a time, and a product that finds them busy runs on its own thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Whether a one-row product with a prepacked B (<c>m = 1</c> in the <see cref="GemmPackedB"/>
    /// overloads: a dense layer at batch 1) may skip the rows of B whose x value is ±0 (default
    /// true). It skips only when B is all finite, on the 512- and 256-bit paths, and when a third
    /// or more of x is zero (a ReLU layer's outputs, an image's background); the result is bit for
    /// bit the same either way, only the time changes. Set it to false when the inputs are known
    /// to be dense (each call then saves the count of x's zeros), or to make a call's time not
    /// depend on its input. Process-wide; may be changed at any time, from any thread.
    /// </summary>
    public static bool SkipZeroRows { get; set; } = true;

    /// <summary>2·m·n·k below which a product is not split across threads (about 40 µs of one-thread work: less does not pay for the hand-off).</summary>
    public const double ParallelThresholdFlops = 8e6;

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, row-major. op(A) is m×k, op(B) is k×n, C is m×n.
    /// A is stored m×k (lda ≥ k) when <paramref name="transA"/> is <see cref="Transpose.No"/>,
    /// else k×m (lda ≥ m); likewise B is k×n (ldb ≥ n) or n×k (ldb ≥ k). ldc ≥ n.
    /// beta = 0 means C is not read, so NaN or Inf already in C does not propagate (as in BLAS).
    /// C must not overlap A or B. Elements of C between rows (ldc &gt; n) are never touched.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        CheckShapes(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ReadOnlySpan<float>.Empty, null, null, GemmBlocking.Tuned);
    }

    /// <summary>
    /// C = op(A)·op(B) + 1·biasᵀ: bias[j] is added to column j of every row (a dense layer's
    /// Z = A·Wᵀ + b with transB = Yes). Shapes and leading dimensions as in
    /// <see cref="Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>; bias has n elements; C is not read. The bias is added in the
    /// kernels' store (fused), not by a second pass.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void MultiplyAddBias(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> bias,
        Span<float> c, int ldc)
    {
        CheckShapes(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        Check.Length(bias.Length, n, nameof(bias), "a bias per column of C");
        Run(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc, bias, null, null, GemmBlocking.Tuned);
    }

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C with op(B) prepacked (k = <see cref="GemmPackedB.Rows"/>,
    /// n = <see cref="GemmPackedB.Columns"/>): the product of <see cref="Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// without packing B again. A is m×k (lda ≥ k) or, transposed, k×m (lda ≥ m); C is m×n (ldc ≥ n).
    /// One row (m = 1) runs a streaming matrix-vector kernel over the panels; more rows run the
    /// blocked microkernels (threads as for the unpacked product). Results may differ in the last
    /// bits from the unpacked product (another summation order) but are deterministic.
    /// </summary>
    /// <exception cref="ArgumentNullException">b is null.</exception>
    /// <exception cref="ArgumentException">m is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void Multiply(Transpose transA, int m, float alpha, ReadOnlySpan<float> a, int lda, GemmPackedB b,
        float beta, Span<float> c, int ldc)
    {
        CheckPackedShapes(transA, m, a, lda, b, c, ldc);
        Run(transA, Transpose.No, m, b.Columns, b.Rows, alpha, a, lda, ReadOnlySpan<float>.Empty, 0, beta, c, ldc, ReadOnlySpan<float>.Empty, b, null,
            GemmBlocking.Tuned);
    }

    /// <summary>
    /// C = op(A)·op(B) + 1·biasᵀ with op(B) prepacked: a dense layer's Z = A·Wᵀ + b with
    /// W packed once by <c>GemmPackedB.Create(Transpose.Yes, inputs, outputs, W, inputs)</c>.
    /// Shapes as in <see cref="Multiply(Transpose, int, float, ReadOnlySpan{float}, int, GemmPackedB, float, Span{float}, int)"/>;
    /// bias has n elements; C is not read.
    /// </summary>
    /// <exception cref="ArgumentNullException">b is null.</exception>
    /// <exception cref="ArgumentException">m is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void MultiplyAddBias(Transpose transA, int m, ReadOnlySpan<float> a, int lda, GemmPackedB b,
        ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        CheckPackedShapes(transA, m, a, lda, b, c, ldc);
        Check.Length(bias.Length, b.Columns, nameof(bias), "a bias per column of C");
        Run(transA, Transpose.No, m, b.Columns, b.Rows, 1f, a, lda, ReadOnlySpan<float>.Empty, 0, 0f, c, ldc, bias, b, null, GemmBlocking.Tuned);
    }

    /// <summary>
    /// C = max(op(A)·op(B) + 1·biasᵀ, 0): <see cref="MultiplyAddBias(Transpose, int, ReadOnlySpan{float}, int, GemmPackedB, ReadOnlySpan{float}, Span{float}, int)"/>
    /// with the ReLU of <see cref="Activations.Relu"/> (NaN stays NaN, −0 becomes +0) applied to
    /// each tile of C as it is finished, while it is still in L1, instead of in a second pass
    /// over C: a dense ReLU layer's H = ReLU(A·Wᵀ + b) when Z need not be kept. Bit for bit the
    /// result of <c>MultiplyAddBias</c> followed by <c>Activations.Relu</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">b is null.</exception>
    /// <exception cref="ArgumentException">m is negative, a leading dimension is too small, or a span is too short.</exception>
    public static void MultiplyAddBiasRelu(Transpose transA, int m, ReadOnlySpan<float> a, int lda, GemmPackedB b,
        ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        CheckPackedShapes(transA, m, a, lda, b, c, ldc);
        Check.Length(bias.Length, b.Columns, nameof(bias), "a bias per column of C");
        Run(transA, Transpose.No, m, b.Columns, b.Rows, 1f, a, lda, ReadOnlySpan<float>.Empty, 0, 0f, c, ldc, bias, b,
            &GemmEpilogue.Apply<ReluOperator>, GemmBlocking.Tuned);
    }

    private static void CheckPackedShapes(Transpose transA, int m, ReadOnlySpan<float> a, int lda, GemmPackedB b, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        Check.NonNegative(m, nameof(m));
        if (transA == Transpose.No) Check.Matrix(a.Length, m, b.Rows, lda, nameof(a), nameof(lda));
        else Check.Matrix(a.Length, b.Rows, m, lda, nameof(a), nameof(lda));
        Check.Matrix(c.Length, m, b.Columns, ldc, nameof(c), nameof(ldc));
    }

    private static void CheckShapes(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(n, nameof(n));
        Check.NonNegative(k, nameof(k));
        if (transA == Transpose.No) Check.Matrix(a.Length, m, k, lda, nameof(a), nameof(lda));
        else Check.Matrix(a.Length, k, m, lda, nameof(a), nameof(lda));
        if (transB == Transpose.No) Check.Matrix(b.Length, k, n, ldb, nameof(b), nameof(ldb));
        else Check.Matrix(b.Length, n, k, ldb, nameof(b), nameof(ldb));
        Check.Matrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
    }

    /// <summary>
    /// The product for every entry point, on checked arguments; with <paramref name="packed"/>
    /// set, B is read from it (b and ldb unused); with <paramref name="epilogue"/> set (a
    /// <see cref="GemmEpilogue"/> method), the finished C goes through it. The public entries
    /// pass <see cref="GemmBlocking.Tuned"/>; the tests pass small blocks, so that small shapes
    /// cross every block edge.
    /// </summary>
    internal static void Run(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, ReadOnlySpan<float> bias, GemmPackedB? packed,
        delegate*<float*, nint, int, int, void> epilogue, in GemmBlocking blocking)
    {
        if (m == 0 || n == 0) return;
        fixed (float* cPointer = c)
        fixed (float* biasPointer = bias)
        {
            float* biasOrNull = bias.IsEmpty ? null : biasPointer;
            if (k == 0 || alpha == 0)
            {
                ScaleOrFill(m, n, beta, cPointer, ldc, biasOrNull);
                if (epilogue != null) epilogue(cPointer, ldc, m, n);
                return;
            }

            fixed (float* aPointer = a)
            fixed (float* bPointer = b)
            {
                nint aRowStep = transA == Transpose.No ? lda : 1, aColStep = transA == Transpose.No ? 1 : lda;
                nint bRowStep = transB == Transpose.No ? ldb : 1, bColStep = transB == Transpose.No ? 1 : ldb;
                float* prepacked = packed is null ? null : packed.Data;
                if (prepacked != null && m == 1)
                {
                    GemmPackedGemv.Run(n, k, alpha, aPointer, aColStep, prepacked, beta, cPointer, biasOrNull, SkipZeroRows && packed!.AllFinite);
                    if (epilogue != null) epilogue(cPointer, ldc, 1, n);
                    return;
                }

                if (prepacked == null && m <= GemmSmallM.MaxRows)
                {
                    Debug.Assert(epilogue == null, "Only the packed products take an epilogue.");
                    GemmSmallM.Run(transB == Transpose.Yes, m, n, k, alpha, aPointer, aRowStep, aColStep, bPointer, ldb,
                        beta, cPointer, ldc, biasOrNull);
                    return;
                }

                var kernels = GemmKernelTable.ForThisMachine;
                int threads = ThreadsFor(m, n, k, kernels.NR);
                if (threads > 1)
                {
                    GemmParallel.Run(threads, kernels, blocking, m, n, k, alpha, aPointer, aRowStep, aColStep, bPointer, bRowStep, bColStep,
                        beta, cPointer, ldc, biasOrNull, prepacked, epilogue);
                    return;
                }

                GemmDriver.Run(kernels, blocking, m, n, k, alpha, aPointer, aRowStep, aColStep, bPointer, bRowStep, bColStep,
                    beta, cPointer, ldc, biasOrNull, prepacked, epilogue);
            }
        }
    }

    private static int ThreadsFor(int m, int n, int k, int nr)
    {
        if (maxDegreeOfParallelism == 1 || 2.0 * m * n * k < ParallelThresholdFlops) return 1;
        return Math.Min(maxDegreeOfParallelism, Math.Max(1, n / (2 * nr)));
    }

    /// <summary>C = beta·C (zeros when beta = 0, C unread), or the bias rows: the k = 0 or alpha = 0 case.</summary>
    private static void ScaleOrFill(int m, int n, float beta, float* c, nint ldc, float* bias)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (bias != null) new ReadOnlySpan<float>(bias, n).CopyTo(row);
            else if (beta == 0) row.Clear();
            else if (beta != 1)
            {
                for (int j = 0; j < n; j++) row[j] *= beta;
            }
        }
    }
}
