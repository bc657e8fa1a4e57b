using Nn.Dense;
using Nn.Training;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Training;

/// <summary>
/// `quantize --data`: a quantized model against the float model it was made from, on the same rows. For
/// classification the two accuracies and the top-1 agreement (the fraction of rows whose predicted class, the
/// arg-max, is the same: what quantization changes, whatever the labels say); for regression the two sets of scores.
/// </summary>
internal sealed record QuantizationComparison(Evaluation? Quantized, Evaluation? Float, RegressionScores? QuantizedScores, RegressionScores? FloatScores, int Agreeing)
{
    public int Rows => Quantized?.Samples ?? QuantizedScores!.Value.Rows;

    /// <summary>Agreeing / Rows (classification only).</summary>
    public double Agreement => (double)Agreeing / Rows;

    public static QuantizationComparison Run(InferenceModel quantized, InferenceModel original, IReadOnlyList<string>? classLabels, ModelTask task, Dataset rows, string dataName, string modelName)
    {
        if (task == ModelTask.Regression)
        {
            return new QuantizationComparison(null, null, RegressionResults.Run(quantized, rows, dataName, modelName), RegressionResults.Run(original, rows, dataName, modelName), 0);
        }

        var quantizedEvaluation = Evaluation.Run(quantized, classLabels, rows, dataName, modelName);
        var floatEvaluation = Evaluation.Run(original, classLabels, rows, dataName, modelName);
        var quantizedClasses = quantized.PredictClasses(rows);
        var floatClasses = original.PredictClasses(rows);
        int agreeing = 0;
        for (int i = 0; i < quantizedClasses.Length; i++)
        {
            if (quantizedClasses[i] == floatClasses[i]) agreeing++;
        }

        return new QuantizationComparison(quantizedEvaluation, floatEvaluation, null, null, agreeing);
    }
}
