using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// The fused steps a dense layer needs on top of Numerics.Simd: Z = A·Wᵀ + b (with the ReLU
/// fused when Z need not be kept) and the column sums for the bias gradient.
/// </summary>
internal static class LayerKernels
{
    /// <summary>
    /// Z = A·Wᵀ + b for batch × inputs A and outputs × inputs W, Z batch × outputs, through the
    /// layer's prepacked Wᵀ: one sample streams the packed panels once (a matrix-vector kernel),
    /// more run the blocked GEMM with the bias fused into its store (Z is written once, never read).
    /// Measured for 784-256-128-10 on Zen 5 (perf/results/dense.md), this beats dot products over
    /// W as stored at every batch size from 1 up, because nothing is packed per call.
    /// </summary>
    public static void AffineForward(ReadOnlySpan<float> inputs, int batch, int inputCount, int outputCount,
        GemmPackedB packedWeights, ReadOnlySpan<float> biases, Span<float> preActivations) =>
        Gemm.MultiplyAddBias(Transpose.No, batch, inputs, inputCount, packedWeights, biases, preActivations, outputCount);

    /// <summary>
    /// H = ReLU(A·Wᵀ + b), shapes as for <see cref="AffineForward"/>, with the ReLU fused into the
    /// product's store (bit for bit AffineForward followed by Activations.Relu).
    /// </summary>
    public static void AffineRelu(ReadOnlySpan<float> inputs, int batch, int inputCount, int outputCount,
        GemmPackedB packedWeights, ReadOnlySpan<float> biases, Span<float> outputs) =>
        Gemm.MultiplyAddBiasRelu(Transpose.No, batch, inputs, inputCount, packedWeights, biases, outputs, outputCount);

    /// <summary>sums[j] += Σ_row matrix[row, j] for a rows × cols row-major matrix (the bias gradient).</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums) =>
        Reductions.AddColumnSums(matrix, rows, cols, sums);
}
