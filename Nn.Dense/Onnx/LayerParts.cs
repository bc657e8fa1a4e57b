namespace Nn.Dense.Onnx;

/// <summary>
/// One layer as it is assembled from one or more nodes. W and b are kept in double while batch
/// normalizations are folded into them, so each weight is rounded to float once, in <see cref="ToLayer"/>.
/// </summary>
internal sealed class LayerParts(int inputs, int outputs, float[] weights)
{
    private readonly double[] weights = Array.ConvertAll(weights, w => (double)w);
    private readonly double[] biases = new double[outputs];
    private float[]? normalizationScale;
    private float[]? normalizationShift;

    public int Inputs { get; } = inputs;
    public int Outputs { get; } = outputs;
    public Activation? Activation { get; set; }
    /// <summary>The activation's parameter (LeakyRelu slope, Elu alpha); null keeps the layer's default.</summary>
    public float? ActivationParameter { get; set; }

    /// <summary>Layer normalization between Z and the activation (γ, β set by <see cref="SetLayerNormalization"/>).</summary>
    public bool HasLayerNormalization => normalizationScale is not null;

    /// <summary>A layer computing y = diag(scale)·a + shift: where a batch normalization after the last activation goes.</summary>
    public static LayerParts Diagonal(double[] scale, double[] shift)
    {
        int n = scale.Length;
        var layer = new LayerParts(n, n, new float[n * n]);
        for (int i = 0; i < n; i++) layer.weights[i * n + i] = scale[i];
        shift.CopyTo(layer.biases, 0);
        return layer;
    }

    /// <summary>Sets b (added to whatever earlier folds have put there).</summary>
    public void AddBiases(float[] values)
    {
        for (int o = 0; o < Outputs; o++) biases[o] += values[o];
    }

    /// <summary>
    /// Folds y = s⊙z + t applied to this layer's Z (a batch normalization before the activation): W' = diag(s)·W,
    /// b' = s⊙b + t; with layer normalization, which comes first, γ' = s⊙γ and β' = s⊙β + t instead.
    /// </summary>
    public void ScaleOutputs(double[] scale, double[] shift)
    {
        if (normalizationScale is { } gamma && normalizationShift is { } beta)
        {
            for (int o = 0; o < Outputs; o++)
            {
                gamma[o] = (float)(scale[o] * gamma[o]);
                beta[o] = (float)(scale[o] * beta[o] + shift[o]);
            }

            return;
        }

        for (int o = 0; o < Outputs; o++)
        {
            for (int i = 0; i < Inputs; i++) weights[o * Inputs + i] *= scale[o];
            biases[o] = scale[o] * biases[o] + shift[o];
        }
    }

    /// <summary>
    /// Folds a = s⊙x + t applied to this layer's input (a batch normalization after the previous activation):
    /// W' = W·diag(s), b' = b + W·t. Call before any bias is added (b' keeps W·t and b adds to it).
    /// </summary>
    public void ScaleInputs(double[] scale, double[] shift)
    {
        for (int o = 0; o < Outputs; o++)
        {
            double offset = 0;
            for (int i = 0; i < Inputs; i++)
            {
                offset += weights[o * Inputs + i] * shift[i];
                weights[o * Inputs + i] *= scale[i];
            }

            biases[o] += offset;
        }
    }

    public void SetLayerNormalization(float[] scale, float[] shift)
    {
        normalizationScale = scale;
        normalizationShift = shift;
    }

    public DenseLayer ToLayer()
    {
        var activation = Activation ?? Dense.Activation.Identity;
        var normalization = HasLayerNormalization ? Normalization.Layer : Normalization.None;
        var layer = ActivationParameter is { } parameter
            ? new DenseLayer(Inputs, Outputs, activation, normalization) { ActivationParameter = parameter }
            : new DenseLayer(Inputs, Outputs, activation, normalization);
        layer.CopyWeightsFrom(Round(weights, "weight"));
        layer.CopyBiasesFrom(Round(biases, "bias"));
        normalizationScale?.CopyTo(layer.NormalizationScale);
        normalizationShift?.CopyTo(layer.NormalizationShift);
        return layer;
    }

    private static float[] Round(double[] values, string what) => OnnxDoubleConversion.Narrow(values, i =>
        $"A folded {what} is {values[i]:G6}, beyond float32's range: a batch normalization's variance + epsilon is too close to 0.");
}
