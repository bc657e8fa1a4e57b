using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// A <see cref="WeightFormat.Float32"/> layer: the float weights prepacked for <see cref="Gemm"/> and run by the same
/// calls as <see cref="DenseLayer.Forward(ReadOnlySpan{float}, int, Span{float}, Span{float})"/>, so that it gives
/// the network's Predict bit for bit.
/// </summary>
internal sealed class Float32QuantizedLayer : QuantizedLayer
{
    private readonly float[] weights;
    private readonly GemmPackedB packed;

    /// <summary>The layer; weights: W, outputs × inputs row-major (kept, not copied). The rest as <see cref="QuantizedLayer"/>.</summary>
    public Float32QuantizedLayer(int inputs, int outputs, Activation activation, float activationParameter, float[] weights,
        float[] bias, float[]? normalizationScale, float[]? normalizationShift)
        : base(inputs, outputs, activation, activationParameter, bias, normalizationScale, normalizationShift)
    {
        this.weights = weights;
        packed = GemmPackedB.Create(Transpose.Yes, inputs, outputs, weights, inputs);
    }

    public override WeightFormat Format => WeightFormat.Float32;

    public override long WeightBytes => (long)weights.Length * sizeof(float);

    /// <summary>W, outputs × inputs row-major.</summary>
    public ReadOnlySpan<float> Weights => weights;

    protected override void Multiply(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        if (FusesRelu) Gemm.MultiplyAddBiasRelu(Transpose.No, batch, inputs, Inputs, packed, Bias, outputs, Outputs);
        else Gemm.MultiplyAddBias(Transpose.No, batch, inputs, Inputs, packed, Bias, outputs, Outputs);
    }
}
