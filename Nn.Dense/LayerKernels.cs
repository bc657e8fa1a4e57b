using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// The fused steps a dense layer needs on top of Numerics.Simd: Z = A·Wᵀ + b and the column
/// sums for the bias gradient; the one place that picks a kernel by batch size.
/// </summary>
internal static class LayerKernels
{
    /// <summary>
    /// Up to this many samples the unpacked dot-product kernels beat the GEMM, which packs all of
    /// W on every call: measured for 784-256-128-10 on Zen 5 (perf/results/dense.md), the dot
    /// kernels take 14 us at batch 4 against 26 us and 57 us at batch 16 against 68 us, but
    /// 121 us at batch 32 against 101 us. Batch 1 is a tie with the GEMM's GEMV path.
    /// </summary>
    internal const int SmallBatchLimit = 16;

    /// <summary>
    /// Z = A·Wᵀ + b for batch × inputs A and outputs × inputs W (row-major), Z batch × outputs.
    /// Small batches use dot products over W as stored; larger ones the GEMM with its fused bias
    /// epilogue (Z is written once, never read).
    /// </summary>
    public static void AffineForward(ReadOnlySpan<float> inputs, int batch, int inputCount, int outputCount,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, Span<float> preActivations)
    {
        if (batch <= SmallBatchLimit)
        {
            RowDotBatchKernel.Run(weights, inputs[..(batch * inputCount)], batch, biases, preActivations);
            return;
        }

        Gemm.MultiplyAddBias(Transpose.No, Transpose.Yes, batch, outputCount, inputCount,
            inputs, inputCount, weights, inputCount, biases, preActivations, outputCount);
    }

    /// <summary>sums[j] += Σ_row matrix[row, j] for a rows × cols row-major matrix (the bias gradient).</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums) =>
        Activations.SumRows(matrix, rows, cols, sums);
}
