using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// A <see cref="WeightFormat.BFloat16"/> layer: W rounded to nearest-even bfloat16 (half the bytes), widened to
/// float32 in registers by <see cref="BFloat16Gemm"/>, float32 FMA accumulation, the bias and ReLU in the store.
/// </summary>
internal sealed class BFloat16QuantizedLayer : QuantizedLayer
{
    private readonly ushort[] weights;
    private readonly BFloat16PackedWeights packed;

    /// <summary>The layer; weights: W as bfloat16 bits, outputs × inputs row-major (kept, not copied). The rest as <see cref="QuantizedLayer"/>.</summary>
    public BFloat16QuantizedLayer(int inputs, int outputs, Activation activation, float activationParameter, ushort[] weights,
        float[] bias, float[]? normalizationScale, float[]? normalizationShift)
        : base(inputs, outputs, activation, activationParameter, bias, normalizationScale, normalizationShift)
    {
        this.weights = weights;
        packed = new BFloat16PackedWeights(inputs, outputs);
        packed.Pack(weights);
    }

    public override WeightFormat Format => WeightFormat.BFloat16;

    public override long WeightBytes => (long)weights.Length * sizeof(ushort);

    /// <summary>W as bfloat16 bits, outputs × inputs row-major.</summary>
    public ReadOnlySpan<ushort> Weights => weights;

    protected override void Multiply(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) =>
        BFloat16Gemm.Multiply(batch, inputs, Inputs, packed, Bias, FusesRelu, outputs, Outputs);
}
