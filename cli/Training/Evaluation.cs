using Nn.Training;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Training;

/// <summary>A model's results on a data set: Nn.Training's confusion matrix plus the class names to show.</summary>
internal sealed record Evaluation(ConfusionMatrix Matrix, IReadOnlyList<string> ClassNames)
{
    public int Classes => Matrix.ClassCount;

    public int Samples => Matrix.Total;

    public int Correct => Enumerable.Range(0, Classes).Sum(c => Matrix[c, c]);

    public double Accuracy => Matrix.Accuracy;

    public int Support(int c) => Enumerable.Range(0, Classes).Sum(p => Matrix[c, p]);

    /// <summary>Evaluates on <paramref name="data"/>; with the model's class labels, rows are matched to outputs by label and the labels are shown.</summary>
    public static Evaluation Run(InferenceModel model, IReadOnlyList<string>? classLabels, Dataset data, string dataName, string modelName)
    {
        data = ByLabel(data, classLabels);
        RequireCompatible(model.InputSize, model.OutputSize, data, dataName, modelName);
        // Metrics.Evaluate's class count: a single output is binary.
        var matrix = new ConfusionMatrix(data.Labels, model.PredictClasses(data), Math.Max(data.ClassCount, model.OutputSize == 1 ? 2 : model.OutputSize));
        var names = classLabels ?? data.ClassNames;
        return new Evaluation(matrix, [.. Enumerable.Range(0, matrix.ClassCount)
            .Select(i => i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>
    /// The data set's classes renumbered to the model's outputs when both name their classes and
    /// every class of the data is one of the model's (a test file may lack a class, or list them in
    /// another order); otherwise class i is output i, as for a model without labels.
    /// </summary>
    private static Dataset ByLabel(Dataset data, IReadOnlyList<string>? classLabels)
    {
        if (classLabels is null || data.ClassNames.SequenceEqual(classLabels)) return data;
        var outputs = classLabels.ToList();
        var output = data.ClassNames.Select(name => outputs.IndexOf(name)).ToArray();
        if (output.Contains(-1)) return data;
        var labels = data.Labels.Select(c => output[c]).ToArray();
        return new Dataset(data.Features, data.FeatureCount, labels, classLabels.Count, [.. classLabels]);
    }

    private static void RequireCompatible(int inputs, int outputs, Dataset data, string dataName, string modelName)
    {
        if (inputs != data.FeatureCount)
        {
            throw CliException.DataError($"the model {modelName} takes {inputs} inputs but {dataName} has {data.FeatureCount} features per row");
        }

        if (data.ClassCount > outputs)
        {
            throw CliException.DataError($"the model {modelName} has {outputs} outputs but {dataName} has {data.ClassCount} classes");
        }
    }
}
