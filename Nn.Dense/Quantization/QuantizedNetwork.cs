namespace Nn.Dense;

/// <summary>
/// An inference-only copy of a <see cref="Network"/> with its weights in a smaller <see cref="WeightFormat"/>
/// (<see cref="Network.Quantize(WeightFormat)"/>): int8 weights take a quarter of float32's bytes, bfloat16 half,
/// which is most of the time of a small batch. Biases, normalization parameters and every value between layers
/// stay float32. Thread-safe; allocates nothing after the first call of a batch size on a thread.
/// </summary>
public sealed partial class QuantizedNetwork
{
    private readonly QuantizedLayer[] layers;

    [ThreadStatic] private static float[]? scratchA;
    [ThreadStatic] private static float[]? scratchB;

    /// <summary>The widest hidden layer (0 for one layer): the scratch a sample needs between layers.</summary>
    private readonly int hiddenWidth;

    internal QuantizedNetwork(QuantizedLayer[] layers, IReadOnlyList<string>? classLabels, ModelTask task)
    {
        this.layers = layers;
        Format = layers[0].Format;
        ClassLabels = classLabels is null ? null : Array.AsReadOnly(classLabels.ToArray());
        Task = task;
        for (int i = 0; i < layers.Length - 1; i++) hiddenWidth = Math.Max(hiddenWidth, layers[i].Outputs);
        foreach (var layer in layers) WeightBytes += layer.WeightBytes;
        Layers = Array.AsReadOnly(Array.ConvertAll(layers,
            layer => new QuantizedLayerInfo(layer.Inputs, layer.Outputs, layer.Activation,
                layer.HasLayerNormalization ? Normalization.Layer : Normalization.None)));
    }

    /// <summary>How the weights are stored.</summary>
    public WeightFormat Format { get; }

    /// <summary>The input size (the first layer's inputs).</summary>
    public int InputSize => layers[0].Inputs;

    /// <summary>The output size (the last layer's outputs).</summary>
    public int OutputSize => layers[^1].Outputs;

    /// <summary>The bytes the weights take (int8: codes plus one float scale per output and one float input factor per input; biases not counted).</summary>
    public long WeightBytes { get; }

    /// <summary>The layers' shapes, activations and normalization (batch normalization is folded into the weights, so it shows as none).</summary>
    public IReadOnlyList<QuantizedLayerInfo> Layers { get; }

    /// <summary>One label per output, carried over from the model it was made from; null when it had none.</summary>
    public IReadOnlyList<string>? ClassLabels { get; }

    /// <summary>What the outputs mean (classification unless made from a regression model).</summary>
    public ModelTask Task { get; }

    /// <summary>The layers, for the file writer and the ONNX export.</summary>
    internal ReadOnlySpan<QuantizedLayer> LayerData => layers;

    /// <summary>
    /// Runs one sample: input has InputSize elements, output OutputSize (they must not overlap).
    /// Thread-safe; allocates nothing after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputSize) throw new ArgumentException($"input has {input.Length} elements; the network takes {InputSize}.", nameof(input));
        if (output.Length != OutputSize) throw new ArgumentException($"output has {output.Length} elements; the network gives {OutputSize}.", nameof(output));
        Predict(input, 1, output);
    }

    /// <summary>
    /// Runs a batch, one sample per row: inputs is batch × InputSize, outputs batch × OutputSize (they must not
    /// overlap). Per layer Z = A·Wᵀ + b in the weight format (int8: each row of A quantized to 7-bit codes with its
    /// own scale and zero point, exact int32 sums, dequantized in the store), then normalization and H = f(Z) in
    /// float32. A row holding NaN or ±Inf gives NaN outputs in the int8 format. Thread-safe: scratch is per thread
    /// and grows to the largest batch seen, so after the first call of that size on a thread nothing is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">batch is negative or too large for scratch, or a span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be non-negative.");
        if (inputs.Length != (long)batch * InputSize)
        {
            throw new ArgumentException($"inputs has {inputs.Length} elements; {batch} samples of {InputSize} need {(long)batch * InputSize}.", nameof(inputs));
        }

        if (outputs.Length != (long)batch * OutputSize)
        {
            throw new ArgumentException($"outputs has {outputs.Length} elements; {batch} samples of {OutputSize} need {(long)batch * OutputSize}.", nameof(outputs));
        }

        long need = (long)batch * Math.Max(hiddenWidth, InputSize);
        if (need > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"{batch} samples of {Math.Max(hiddenWidth, InputSize)} values do not fit in one scratch array; split the batch.");
        }

        if (batch == 0) return;
        need = (long)batch * hiddenWidth;
        if (scratchA is null || scratchA.Length < need) scratchA = new float[need];
        if (scratchB is null || scratchB.Length < need) scratchB = new float[need];
        ReadOnlySpan<float> current = inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var h = l == layers.Length - 1 ? outputs : (l % 2 == 0 ? scratchA : scratchB).AsSpan(0, batch * layer.Outputs);
            layer.Forward(current, batch, h);
            current = h;
        }
    }
}
