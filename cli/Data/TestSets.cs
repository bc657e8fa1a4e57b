using System.Globalization;
using Nn.Training;
using SimdNn.Cli.Rendering;

namespace SimdNn.Cli.Data;

/// <summary>
/// Makes a separate test file (`train --test`) speak the training data's language: the same
/// feature columns, and each test row's class renumbered to the training class of that name.
/// </summary>
internal static class TestSets
{
    /// <summary>
    /// The test rows with class indices of <paramref name="train"/>. A test class matches the
    /// training class of the same name (a scikit-learn header names them; a file may list fewer
    /// classes or another order). When the names do not all match and the test file names none
    /// (its classes are then "0", "1", ...), its labels are taken as training class indices. A test
    /// row whose class the model cannot output is refused: its accuracy would be meaningless.
    /// </summary>
    public static Dataset Align(Dataset train, Dataset test, string testFile)
    {
        if (test.FeatureCount != train.FeatureCount)
        {
            throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                $"--test {testFile}: {test.FeatureCount} features per row, but the training data has {train.FeatureCount}; the test file needs the same feature columns"));
        }

        if (train.Task == Nn.Dense.ModelTask.Regression)
        {
            if (test.TargetCount != train.TargetCount)
            {
                throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                    $"--test {testFile}: {test.TargetCount} targets per row, but the training data has {train.TargetCount}"));
            }

            return test;
        }

        int[] used = [.. test.Labels.Distinct().Order()];
        var trainClass = new int[test.ClassCount];
        bool byName = used.All(c => Array.IndexOf(train.ClassNames, test.ClassNames[c]) >= 0);
        bool unnamed = Enumerable.Range(0, test.ClassCount).All(c => test.ClassNames[c] == c.ToString(CultureInfo.InvariantCulture));
        foreach (int c in used)
        {
            trainClass[c] = byName ? Array.IndexOf(train.ClassNames, test.ClassNames[c]) : unnamed && c < train.ClassCount ? c : -1;
        }

        int unknown = used.FirstOrDefault(c => trainClass[c] < 0 && (unnamed || !train.ClassNames.Contains(test.ClassNames[c])), -1);
        if (unknown >= 0) throw Unknown(train, testFile, unnamed ? $"the label {unknown}" : $"the class '{test.ClassNames[unknown]}'");

        var labels = test.Labels.Select(c => trainClass[c]).ToArray();
        return new Dataset(test.Features, test.FeatureCount, labels, train.ClassCount, train.ClassNames);
    }

    private static CliException Unknown(Dataset train, string testFile, string what) =>
        CliException.DataError(string.Create(CultureInfo.InvariantCulture,
            $"--test {testFile}: {what} is not one of the {train.ClassCount} training classes ({Tables.LabelList(train.ClassNames)}); the model cannot predict it"));
}
