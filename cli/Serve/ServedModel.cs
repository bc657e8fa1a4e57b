namespace SimdNn.Cli.Serve;

/// <summary>
/// What the endpoints need of a model: its sizes, class labels, the facts GET /model reports, and
/// a thread-safe batch Predict. The tool serves a <see cref="NetworkModel"/>; the perf project's twin
/// (perf/ServeTwin) serves the same file through ONNX Runtime behind this same shape, so both run
/// the very same request code.
/// </summary>
internal abstract class ServedModel
{
    /// <summary>Floats per input row.</summary>
    public abstract int Inputs { get; }

    /// <summary>Floats per output row.</summary>
    public abstract int Outputs { get; }

    /// <summary>
    /// The name of each output for a classification model (the model file's class labels, or the
    /// output indices as text when the file records none, as `predict --class` prints); null for
    /// regression, where /predict replies with values only.
    /// </summary>
    public abstract IReadOnlyList<string>? Labels { get; }

    /// <summary>The facts GET /model returns, made once when the model is loaded.</summary>
    public abstract ModelInfo Info { get; }

    /// <summary>
    /// outputs = model(inputs), one sample per row: inputs is batch × Inputs, outputs batch × Outputs.
    /// Called from many request threads at once; must not allocate after warm-up.
    /// </summary>
    public abstract void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);
}
