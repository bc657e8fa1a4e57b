namespace Nn.Dense;

/// <summary>
/// What <see cref="OnnxImport.Load(Stream, out OnnxImportReport)"/> changed in a model while reading it, beyond
/// translating nodes into layers: things the caller may want to log or show.
/// </summary>
public sealed class OnnxImportReport
{
    internal OnnxImportReport(IReadOnlyList<string> warnings, bool convertedFromDouble)
    {
        Warnings = warnings;
        ConvertedFromDouble = convertedFromDouble;
    }

    /// <summary>
    /// One sentence per change, naming the node or tensors: a float64 model converted to float32, a Dropout exported in
    /// training form run as the identity, a batch normalization after the last activation turned into an extra
    /// diagonal layer. Empty when the model was read as it is.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// True when the model held float64 (DOUBLE) tensors or declared a DOUBLE input or output: they were rounded to
    /// float32 and Predict computes in float32, so outputs differ from the float64 model's by float32 rounding.
    /// </summary>
    public bool ConvertedFromDouble { get; }
}
