using System.Globalization;

namespace SimdNn.Cli.Data;

/// <summary>
/// Reads a CSV classification table: one sample per line, features then the label last.
/// An optional first line is either scikit-learn's header (<c>n_samples,n_features,class names...</c>)
/// or column names. Labels are integers, or strings mapped to indices in sorted order.
/// </summary>
internal static class CsvTable
{
    public static LabeledData Read(TextReader reader, string name)
    {
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(',');
            for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
            rows.Add(fields);
        }

        // A first line is a header when it has text in it, or (scikit-learn's all-numeric
        // "n_samples,n_features,0,1,...") when its field count differs from the next line's.
        string[]? header = null;
        if (rows.Count > 0 && (rows[0][..^1].Any(f => !IsNumber(f)) || (rows.Count > 1 && rows[0].Length != rows[1].Length)))
        {
            header = rows[0];
            rows.RemoveAt(0);
        }

        if (rows.Count == 0) throw CliException.DataError($"{name}: no data rows");
        int columns = rows[0].Length;
        if (columns < 2) throw CliException.DataError($"{name}: each row needs at least one feature and a label; the first row has {columns} field(s)");
        int featureCount = columns - 1;
        var features = new float[rows.Count * featureCount];
        var labelTexts = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var fields = rows[r];
            if (fields.Length != columns)
            {
                throw CliException.DataError($"{name}: data row {r + 1} has {fields.Length} fields; the first row has {columns}");
            }

            for (int c = 0; c < featureCount; c++)
            {
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                {
                    throw CliException.DataError($"{name}: data row {r + 1}, column {c + 1}: '{fields[c]}' is not a finite number");
                }

                features[r * featureCount + c] = value;
            }

            labelTexts[r] = fields[^1];
        }

        var (labels, classNames) = Labels(labelTexts, header, name);
        return new LabeledData(name, features, rows.Count, featureCount, labels, classNames.Count, classNames);
    }

    private static bool IsNumber(string field) => double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static (int[] Labels, IReadOnlyList<string> ClassNames) Labels(string[] texts, string[]? header, string name)
    {
        bool integers = texts.All(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0);
        if (integers)
        {
            var labels = texts.Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            int classCount = labels.Max() + 1;
            if (classCount > 100_000) throw CliException.DataError($"{name}: label {classCount - 1} is too large for a class index");
            var names = SklearnClassNames(header, classCount)
                ?? Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            return (labels, names);
        }

        var distinct = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = distinct.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        return (texts.Select(t => index[t]).ToArray(), distinct);
    }

    private static string[]? SklearnClassNames(string[]? header, int classCount)
    {
        if (header is null || header.Length != classCount + 2) return null;
        bool counts = int.TryParse(header[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            && int.TryParse(header[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        return counts ? header[2..] : null;
    }
}
