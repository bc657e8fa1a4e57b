using System.Globalization;
using Nn.Training;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Training;

/// <summary>A regression model's scores on a data set (Nn.Training's RegressionMetrics), after checking that the two fit.</summary>
internal static class RegressionResults
{
    public static RegressionScores Run(InferenceModel model, Dataset data, string dataName, string modelName)
    {
        if (model.InputSize != data.FeatureCount)
        {
            throw CliException.DataError($"the model {modelName} takes {model.InputSize} inputs but {dataName} has {data.FeatureCount} features per row");
        }

        if (model.OutputSize != data.TargetCount)
        {
            throw CliException.DataError($"the model {modelName} has {model.OutputSize} outputs but {dataName} has {data.TargetCount} target per row");
        }

        return RegressionMetrics.Score(model.PredictAll(data), data.Targets, data.TargetCount);
    }

    /// <summary>"RMSE 53.1, MAE 42.0, R² 0.4712".</summary>
    public static string Describe(RegressionScores scores) => string.Create(CultureInfo.InvariantCulture,
        $"RMSE {scores.RootMeanSquaredError:G5}, MAE {scores.MeanAbsoluteError:G5}, R² {scores.RSquared:F4}");
}
