using System.Globalization;

namespace Nn.Training;

/// <summary>
/// The grammar of <see cref="CsvDataset"/>: fields are parsed straight from each line's span (no
/// string per field), and every limit is checked before the work it bounds: the field count before
/// a line is split, the rows and values before a sample is stored, the label before it counts as a class.
/// With <paramref name="regression"/>, the last field is a real target instead of a label.
/// </summary>
internal sealed class CsvParser(string name, DatasetLimits limits, bool regression = false)
{
    private readonly List<float> features = [];
    private readonly List<int> labels = [];
    private readonly List<float> targets = [];
    private int featureCount = -1, declaredSamples = -1, rows;
    private string[]? classNames;

    public Dataset Parse(LineReader lines)
    {
        while (lines.TryRead(out var line))
        {
            if (line.IsWhiteSpace()) continue;
            int fields = line.Count(',') + 1;
            if (fields > limits.MaxColumns)
            {
                throw DatasetLimits.Exceeded(name, $"line {lines.LineNumber} has {fields} fields, too many", nameof(DatasetLimits.MaxColumns), limits.MaxColumns, "fields");
            }

            bool first = featureCount < 0 && rows == 0 && classNames is null && declaredSamples < 0;
            if (first && !AllNumbers(line))
            {
                Header(line, fields, lines.LineNumber);
                continue;
            }

            Sample(line, fields, lines.LineNumber);
        }

        if (rows == 0) throw new InvalidDataException($"{name}: no samples.");
        if (declaredSamples >= 0 && declaredSamples != rows)
        {
            throw new InvalidDataException($"{name}: the header declares {declaredSamples} samples but the file has {rows}.");
        }

        if (regression) return Dataset.Regression(features.ToArray(), featureCount, targets.ToArray());

        int classCount = classNames?.Length ?? labels.Max() + 1;
        return new Dataset(features.ToArray(), featureCount, labels.ToArray(), classCount, classNames);
    }

    /// <summary>scikit-learn's <c>n_samples,n_features,class name,...</c>, or column names (skipped).</summary>
    private void Header(ReadOnlySpan<char> line, int fields, int lineNumber)
    {
        var parts = line.Split(',');
        parts.MoveNext();
        int count = 0;
        bool scikit = TryCount(line[parts.Current], out int samples) && parts.MoveNext() && TryCount(line[parts.Current], out count) && count > 0;
        if (!scikit)
        {
            featureCount = fields - 1;
            if (featureCount <= 0) throw Error(lineNumber, "a header of column names needs at least two columns");
            declaredSamples = -2;
            return;
        }

        if (count >= limits.MaxColumns)
        {
            throw DatasetLimits.Exceeded(name, $"line {lineNumber}: the header declares {count} features, too many", nameof(DatasetLimits.MaxColumns), limits.MaxColumns, "fields");
        }

        if (fields - 2 > limits.MaxClasses)
        {
            throw DatasetLimits.Exceeded(name, $"line {lineNumber}: the header names {fields - 2} classes, too many", nameof(DatasetLimits.MaxClasses), limits.MaxClasses, "classes");
        }

        declaredSamples = samples;
        featureCount = count;
        var names = new List<string>(fields - 2);
        while (parts.MoveNext()) names.Add(line[parts.Current].Trim().ToString());
        classNames = names.Count == 0 ? null : names.ToArray();
    }

    private void Sample(ReadOnlySpan<char> line, int fields, int lineNumber)
    {
        if (featureCount < 0)
        {
            featureCount = fields - 1;
            if (featureCount <= 0) throw Error(lineNumber, $"a sample needs at least one feature and a {LastField}");
        }

        if (fields != featureCount + 1)
        {
            throw Error(lineNumber, $"{fields} fields where {featureCount + 1} were expected ({featureCount} features and a {LastField})");
        }

        if (rows >= limits.MaxRows)
        {
            throw DatasetLimits.Exceeded(name, $"line {lineNumber}: more than {limits.MaxRows} samples", nameof(DatasetLimits.MaxRows), limits.MaxRows, "samples");
        }

        if (features.Count + (long)featureCount > limits.MaxValues)
        {
            throw DatasetLimits.Exceeded(name, $"line {lineNumber}: more than {limits.MaxValues} feature values", nameof(DatasetLimits.MaxValues), limits.MaxValues, "values");
        }

        var parts = line.Split(',');
        for (int j = 0; j < featureCount; j++)
        {
            parts.MoveNext();
            var field = line[parts.Current];
            if (!TryNumber(field, out float value)) throw Error(lineNumber, $"field {j + 1} '{field.Trim()}' is not a finite number");
            features.Add(value);
        }

        parts.MoveNext();
        if (regression) targets.Add(Target(line[parts.Current], lineNumber));
        else labels.Add(Label(line[parts.Current], lineNumber));
        rows++;
    }

    private string LastField => regression ? "target" : "label";

    private float Target(ReadOnlySpan<char> field, int lineNumber) =>
        TryNumber(field, out float target) ? target : throw Error(lineNumber, $"the target '{field.Trim()}' is not a finite number");

    private int Label(ReadOnlySpan<char> field, int lineNumber)
    {
        if (!TryNumber(field, out float label) || label < 0 || label != MathF.Floor(label) || label > int.MaxValue / 2)
        {
            throw Error(lineNumber, $"the label '{field.Trim()}' is not a non-negative integer");
        }

        if (classNames is not null && label >= classNames.Length)
        {
            throw Error(lineNumber, $"the label {label} is outside the {classNames.Length} classes of the header");
        }

        if (label >= limits.MaxClasses)
        {
            throw DatasetLimits.Exceeded(name, $"line {lineNumber}: the label {field.Trim()} is too large: the class count is the largest label plus one",
                nameof(DatasetLimits.MaxClasses), limits.MaxClasses, "classes");
        }

        return (int)label;
    }

    private static bool AllNumbers(ReadOnlySpan<char> line)
    {
        foreach (var field in line.Split(','))
        {
            if (!TryNumber(line[field], out _)) return false;
        }

        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> field, out float value) =>
        float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    private static bool TryCount(ReadOnlySpan<char> field, out int value) =>
        int.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0;

    private InvalidDataException Error(int line, string problem) => new($"{name}: line {line}: {problem}.");
}
