using Nn.Dense;
using Nn.Training;

namespace SimdNn.Cli.Files;

/// <summary>
/// A model as the commands run it, whatever its weights: float32 (a simd-nn model file or an ONNX model, a
/// <see cref="Network"/>: <see cref="FloatModel"/>) or int8 / bfloat16 (a quantized model file, a
/// <see cref="QuantizedNetwork"/>: <see cref="QuantizedModel"/>). Commands that only run a model take this, so a
/// quantized file works wherever a model is run; a command that needs the float network itself (quantize, export)
/// asks for <see cref="Float"/> through <see cref="LoadedModel.RequireFloat"/>.
/// </summary>
internal abstract class InferenceModel
{
    /// <summary>Floats per input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Floats per output row.</summary>
    public abstract int OutputSize { get; }

    /// <summary>How the weights are stored: Float32 for a float network.</summary>
    public abstract WeightFormat WeightFormat { get; }

    /// <summary>"float32", "quantized int8", "quantized bf16" (or "quantized float32"): what `info` and serve's /model say.</summary>
    public abstract string Kind { get; }

    /// <summary>The bytes the weights take (4 per weight in float32; int8 codes plus a float scale per output); biases not counted.</summary>
    public abstract long WeightBytes { get; }

    /// <summary>The layers in order, as `info` and serve's /model show them.</summary>
    public abstract IReadOnlyList<ModelLayer> Layers { get; }

    /// <summary>The float network; null for a quantized model.</summary>
    public virtual Network? Float => null;

    /// <summary>outputs = model(inputs), inputs batch × InputSize, outputs batch × OutputSize; thread-safe, allocation-free after warm-up.</summary>
    public abstract void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);

    /// <summary>NaN or infinite parameters (null when all are finite; a quantized network is finite by construction and by its file's checks).</summary>
    public virtual NonFiniteParameters? FindNonFinite() => null;

    /// <summary>The outputs for every row of <paramref name="data"/> (Samples × OutputSize), <paramref name="chunk"/> rows per call.</summary>
    public float[] PredictAll(Dataset data, int chunk = 256)
    {
        var outputs = new float[(long)data.Samples * OutputSize];
        for (int start = 0; start < data.Samples; start += chunk)
        {
            int rows = Math.Min(chunk, data.Samples - start);
            Predict(data.Features.AsSpan(start * data.FeatureCount, rows * data.FeatureCount), rows, outputs.AsSpan(start * OutputSize, rows * OutputSize));
        }

        return outputs;
    }

    /// <summary>The predicted class of every row of <paramref name="data"/> (Metrics.PredictedClasses: the arg-max, or a single output's 0.5 threshold).</summary>
    public int[] PredictClasses(Dataset data)
    {
        var classes = new int[data.Samples];
        Metrics.PredictedClasses(PredictAll(data), data.Samples, OutputSize, classes);
        return classes;
    }
}
