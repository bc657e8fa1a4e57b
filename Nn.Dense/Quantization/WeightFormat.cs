namespace Nn.Dense;

/// <summary>How a <see cref="QuantizedNetwork"/> stores its weights (biases and everything between layers stay float32).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are the public contract (DESIGN.md) and name the number formats themselves.")]
public enum WeightFormat
{
    /// <summary>float32 weights: the network's own inference, bit for bit, in a read-only inference copy.</summary>
    Float32,

    /// <summary>bfloat16 weights (float32 rounded to nearest-even to 8 significant bits), widened in registers, float32 FMA accumulation: half the bytes.</summary>
    BFloat16,

    /// <summary>
    /// int8 weights with one symmetric scale per output, activations quantized per row to 7-bit codes with a zero
    /// point, exact int32 sums, dequantized with the bias and activation in the kernel's store: a quarter of the bytes.
    /// A layer whose weight columns differ by more than 16x (a folded input standardization) is equalized first: input p
    /// times a power of two s_p, column p of W divided by it.
    /// </summary>
    Int8,
}
