using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// A <see cref="WeightFormat.Int8"/> layer: W as int8 codes with one symmetric scale per output (a quarter of the
/// bytes); each input row is quantized to 7-bit codes with its own scale and zero point (<see cref="Int8Gemm.QuantizeRows"/>),
/// the product is summed exactly in int32, and the store dequantizes, adds the bias and applies the ReLU
/// (<see cref="Int8Gemm.MultiplyDequantize"/>).
/// </summary>
internal sealed class Int8QuantizedLayer : QuantizedLayer
{
    private readonly sbyte[] codes;
    private readonly Int8PackedWeights packed;

    /// <summary>The layer; codes: W's codes, outputs × inputs row-major, each in [−127, 127] (kept, not copied); scales: one per output, W[j, p] ≈ scales[j]·codes[j, p]. The rest as <see cref="QuantizedLayer"/>.</summary>
    public Int8QuantizedLayer(int inputs, int outputs, Activation activation, float activationParameter, sbyte[] codes, float[] scales,
        float[] bias, float[]? normalizationScale, float[]? normalizationShift)
        : base(inputs, outputs, activation, activationParameter, bias, normalizationScale, normalizationShift)
    {
        this.codes = codes;
        packed = new Int8PackedWeights(inputs, outputs);
        packed.Pack(codes, scales);
    }

    public override WeightFormat Format => WeightFormat.Int8;

    public override long WeightBytes => codes.Length + (long)Outputs * sizeof(float);

    /// <summary>W's codes, outputs × inputs row-major.</summary>
    public ReadOnlySpan<sbyte> Codes => codes;

    /// <summary>One scale per output.</summary>
    public ReadOnlySpan<float> Scales => packed.Scales;

    protected override void Multiply(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        var scratch = QuantizedScratch.ForThread(batch, Inputs);
        var rowCodes = scratch.Codes.AsSpan(0, batch * Inputs);
        var rowScales = scratch.RowScales.AsSpan(0, batch);
        var zeroPoints = scratch.ZeroPoints.AsSpan(0, batch);
        Int8Gemm.QuantizeRows(inputs, batch, Inputs, rowCodes, rowScales, zeroPoints);
        Int8Gemm.MultiplyDequantize(batch, rowCodes, Inputs, rowScales, zeroPoints, packed, Bias, FusesRelu, outputs, Outputs);
    }
}
