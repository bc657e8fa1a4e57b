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

    public static Evaluation Run(Network network, Dataset data, string dataName, string modelName)
    {
        RequireCompatible(network, data, dataName, modelName);
        var matrix = Metrics.Evaluate(network, data);
        var names = Enumerable.Range(0, matrix.ClassCount)
            .Select(i => i < data.ClassNames.Length ? data.ClassNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new Evaluation(matrix, names);
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
