using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// A <see cref="WeightFormat.Int8"/> layer: W as int8 codes with one symmetric scale per output (a quarter of the
/// bytes); each input row is quantized to 7-bit codes with its own scale and zero point (<see cref="Int8Gemm.QuantizeRows"/>),
/// the product is summed exactly in int32, and the store dequantizes, adds the bias and applies the ReLU
/// (<see cref="Int8Gemm.MultiplyDequantize"/>). With input equalization (<see cref="InputEqualization"/>) each input
/// p is multiplied by a power of two s_p before it is quantized, and the codes hold W[j, p]/s_p, which is the same product.
/// </summary>
internal sealed class Int8QuantizedLayer : QuantizedLayer
{
    private readonly sbyte[] codes;
    private readonly float[] inputScales;
    private readonly bool equalized;
    private readonly Int8PackedWeights packed;

    /// <summary>
    /// The layer; codes: the codes of W[j, p]/inputScales[p], outputs × inputs row-major, each in [−127, 127] (kept, not
    /// copied); scales: one per output, W[j, p] ≈ inputScales[p]·scales[j]·codes[j, p]; inputScales: one per input, all 1
    /// without equalization. The rest as <see cref="QuantizedLayer"/>.
    /// </summary>
    public Int8QuantizedLayer(int inputs, int outputs, Activation activation, float activationParameter, sbyte[] codes, float[] scales,
        float[] inputScales, float[] bias, float[]? normalizationScale, float[]? normalizationShift)
        : base(inputs, outputs, activation, activationParameter, bias, normalizationScale, normalizationShift)
    {
        this.codes = codes;
        this.inputScales = inputScales;
        equalized = inputScales.AsSpan().IndexOfAnyExcept(1f) >= 0;
        packed = new Int8PackedWeights(inputs, outputs);
        packed.Pack(codes, scales);
    }

    public override WeightFormat Format => WeightFormat.Int8;

    public override long WeightBytes => codes.Length + ((long)Outputs + Inputs) * sizeof(float);

    /// <summary>W's codes (of W/s), outputs × inputs row-major.</summary>
    public ReadOnlySpan<sbyte> Codes => codes;

    /// <summary>One scale per output.</summary>
    public ReadOnlySpan<float> Scales => packed.Scales;

    /// <summary>One factor per input, applied to the input before it is quantized (all 1 without equalization).</summary>
    public ReadOnlySpan<float> InputScales => inputScales;

    /// <summary>True when some input factor is not 1.</summary>
    public bool Equalized => equalized;

    protected override void Multiply(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        var scratch = QuantizedScratch.ForThread(batch, Inputs);
        var rowCodes = scratch.Codes.AsSpan(0, batch * Inputs);
        var rowScales = scratch.RowScales.AsSpan(0, batch);
        var zeroPoints = scratch.ZeroPoints.AsSpan(0, batch);
        if (equalized)
        {
            var scaled = scratch.ScaledInputs(batch, Inputs);
            InputEqualization.Apply(inputs, batch, inputScales, scaled);
            inputs = scaled;
        }

        Int8Gemm.QuantizeRows(inputs, batch, Inputs, rowCodes, rowScales, zeroPoints);
        Int8Gemm.MultiplyDequantize(batch, rowCodes, Inputs, rowScales, zeroPoints, packed, Bias, FusesRelu, outputs, Outputs);
    }
}
