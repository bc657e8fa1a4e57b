using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// The fused steps a dense layer needs on top of Numerics.Simd: Z = A·Wᵀ + b and the column
/// sums for the bias gradient. One place to switch to the fused library kernels when they land.
/// </summary>
internal static class LayerKernels
{
    /// <summary>
    /// Z = A·Wᵀ + b for batch × inputs A and outputs × inputs W (row-major), Z batch × outputs.
    /// Batch 1 is a matrix-vector product with W as stored (contiguous dot products).
    /// </summary>
    public static void AffineForward(ReadOnlySpan<float> inputs, int batch, int inputCount, int outputCount,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, Span<float> preActivations)
    {
        if (batch == 1)
        {
            RowDotKernel.Run(weights, inputs[..inputCount], biases, preActivations);
            return;
        }

        // Bias first and beta = 1: the bias rides in the accumulator, so no second sweep over Z.
        for (int row = 0; row < batch; row++) biases.CopyTo(preActivations.Slice(row * outputCount, outputCount));
        Gemm.Multiply(Transpose.No, Transpose.Yes, batch, outputCount, inputCount, 1f,
            inputs, inputCount, weights, inputCount, 1f, preActivations, outputCount);
    }

    /// <summary>sums[j] += Σ_row matrix[row, j] for a rows × cols row-major matrix (the bias gradient).</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums) =>
        Activations.SumRows(matrix, rows, cols, sums);
}
