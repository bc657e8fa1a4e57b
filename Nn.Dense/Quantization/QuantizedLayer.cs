namespace Nn.Dense;

/// <summary>
/// One layer of a <see cref="QuantizedNetwork"/>: Z = A·Wᵀ + b in the layer's weight format (the subclass), then
/// layer normalization (batch normalization is folded into W and b when quantizing) and H = f(Z). ReLU without
/// normalization is fused into the product's store; every other activation runs on the finished Z in place.
/// Read-only after construction, so any number of threads may run it.
/// </summary>
internal abstract class QuantizedLayer
{
    private readonly float[] bias;
    private readonly float[]? normalizationScale;
    private readonly float[]? normalizationShift;

    /// <param name="inputs">Columns of W.</param>
    /// <param name="outputs">Rows of W.</param>
    /// <param name="activation">f.</param>
    /// <param name="activationParameter">LeakyRelu's slope or Elu's alpha.</param>
    /// <param name="bias">b (outputs values; BN folded in).</param>
    /// <param name="normalizationScale">Layer normalization's γ (outputs values), or null for none.</param>
    /// <param name="normalizationShift">Layer normalization's β, or null for none.</param>
    protected QuantizedLayer(int inputs, int outputs, Activation activation, float activationParameter,
        float[] bias, float[]? normalizationScale, float[]? normalizationShift)
    {
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        ActivationParameter = activationParameter;
        this.bias = bias;
        this.normalizationScale = normalizationScale;
        this.normalizationShift = normalizationShift;
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public Activation Activation { get; }

    public float ActivationParameter { get; }

    /// <summary>The weight format the subclass holds.</summary>
    public abstract WeightFormat Format { get; }

    /// <summary>The bytes the weights take in memory (unpadded), for reports.</summary>
    public abstract long WeightBytes { get; }

    /// <summary>b, with batch normalization folded in.</summary>
    public ReadOnlySpan<float> Bias => bias;

    /// <summary>True when the layer applies layer normalization to Z.</summary>
    public bool HasLayerNormalization => normalizationScale is not null;

    /// <summary>Layer normalization's γ (empty without).</summary>
    public ReadOnlySpan<float> NormalizationScale => normalizationScale;

    /// <summary>Layer normalization's β (empty without).</summary>
    public ReadOnlySpan<float> NormalizationShift => normalizationShift;

    /// <summary>True when the product's store applies the ReLU (no normalization between Z and f).</summary>
    protected bool FusesRelu => Activation == Activation.Relu && normalizationScale is null;

    /// <summary>
    /// H = f(norm(A·Wᵀ + b)) for batch rows: inputs is batch × Inputs, outputs batch × Outputs (row-major, exact lengths, not overlapping).
    /// </summary>
    public void Forward(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        Multiply(inputs, batch, outputs);
        if (normalizationScale is not null)
        {
            LayerNormalization.Forward(outputs, batch, Outputs, normalizationScale, normalizationShift, [], [], outputs);
        }

        if (!FusesRelu) ActivationMap.Apply(Activation, ActivationParameter, outputs, batch, Outputs, outputs);
    }

    /// <summary>outputs = A·Wᵀ + b, with the ReLU applied when <see cref="FusesRelu"/>.</summary>
    protected abstract void Multiply(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);
}
