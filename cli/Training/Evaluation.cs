using Nn.Dense;
using Nn.Training;

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
    public static Evaluation Run(Network network, IReadOnlyList<string>? classLabels, Dataset data, string dataName, string modelName)
    {
        data = ByLabel(data, classLabels);
        RequireCompatible(network, data, dataName, modelName);
        var matrix = Metrics.Evaluate(network, data);
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

    public static void RequireCompatible(Network network, Dataset data, string dataName, string modelName)
    {
        if (network.InputSize != data.FeatureCount)
        {
            throw CliException.DataError($"the model {modelName} takes {network.InputSize} inputs but {dataName} has {data.FeatureCount} features per row");
        }

        if (data.ClassCount > network.OutputSize)
        {
            throw CliException.DataError($"the model {modelName} has {network.OutputSize} outputs but {dataName} has {data.ClassCount} classes");
        }
    }
}
