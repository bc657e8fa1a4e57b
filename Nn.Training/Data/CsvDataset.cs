using System.Globalization;
using System.Text;

namespace Nn.Training;

/// <summary>
/// Reads a classification data set from CSV: one sample per line, the features then an integer
/// class label last, comma-separated. An optional first line is either scikit-learn's header
/// <c>n_samples,n_features,class name,...</c> (checked against the data) or a line of column names
/// (skipped). Gzip-compressed files are recognized by their magic bytes. Blank lines are skipped.
/// </summary>
public static class CsvDataset
{
    /// <summary>Loads a CSV file (plain or gzip).</summary>
    /// <exception cref="InvalidDataException">Ragged rows, a non-number, a label that is not a non-negative integer, a header that disagrees with the data, or truncated gzip; the message names the file and line.</exception>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    public static Dataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Loads CSV from a stream (plain or gzip); <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    public static Dataset Load(Stream stream, string name = "CSV input")
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "CSV input";
        using var input = CompressedInput.Open(stream, name);
        Stream text = input.Content;
        if (input.IsGzip)
        {
            // Decompress fully first, so that the length can be checked against the gzip trailer.
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = input.Read(chunk, name, buffer.Length)) > 0) buffer.Write(chunk, 0, read);
            input.CheckLength(buffer.Length, name);
            buffer.Position = 0;
            text = buffer;
        }

        using var reader = new StreamReader(text, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Parse(reader, name);
    }

    private static Dataset Parse(StreamReader reader, string name)
    {
        var features = new List<float>();
        var labels = new List<int>();
        int featureCount = -1, declaredSamples = -1, lineNumber = 0;
        string[]? classNames = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(',');
            bool first = featureCount < 0 && labels.Count == 0 && classNames is null && declaredSamples < 0;
            if (first && !fields.All(f => TryNumber(f, out _)))
            {
                if (fields.Length >= 2 && TryCount(fields[0], out int samples) && TryCount(fields[1], out int count) && count > 0)
                {
                    declaredSamples = samples;
                    featureCount = count;
                    classNames = fields.Skip(2).Select(f => f.Trim()).ToArray();
                    if (classNames.Length == 0) classNames = null;
                }
                else
                {
                    featureCount = fields.Length - 1;
                    if (featureCount <= 0) throw Error(name, lineNumber, "a header of column names needs at least two columns");
                    declaredSamples = -2;
                }

                continue;
            }

            if (featureCount < 0)
            {
                featureCount = fields.Length - 1;
                if (featureCount <= 0) throw Error(name, lineNumber, "a sample needs at least one feature and a label");
            }

            if (fields.Length != featureCount + 1)
            {
                throw Error(name, lineNumber, $"{fields.Length} fields where {featureCount + 1} were expected ({featureCount} features and a label)");
            }

            for (int j = 0; j < featureCount; j++)
            {
                if (!TryNumber(fields[j], out float value))
                {
                    throw Error(name, lineNumber, $"field {j + 1} '{fields[j].Trim()}' is not a finite number");
                }

                features.Add(value);
            }

            if (!TryNumber(fields[featureCount], out float label) || label < 0 || label != MathF.Floor(label) || label > int.MaxValue / 2)
            {
                throw Error(name, lineNumber, $"the label '{fields[featureCount].Trim()}' is not a non-negative integer");
            }

            if (classNames is not null && label >= classNames.Length)
            {
                throw Error(name, lineNumber, $"the label {label} is outside the {classNames.Length} classes of the header");
            }

            labels.Add((int)label);
        }

        if (labels.Count == 0) throw new InvalidDataException($"{name}: no samples.");
        if (declaredSamples >= 0 && declaredSamples != labels.Count)
        {
            throw new InvalidDataException($"{name}: the header declares {declaredSamples} samples but the file has {labels.Count}.");
        }

        int classCount = classNames?.Length ?? labels.Max() + 1;
        return new Dataset(features.ToArray(), featureCount, labels.ToArray(), classCount, classNames);
    }

    private static bool TryNumber(string field, out float value) =>
        float.TryParse(field.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    private static bool TryCount(string field, out int value) =>
        int.TryParse(field.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0;

    private static InvalidDataException Error(string name, int line, string problem) => new($"{name}: line {line}: {problem}.");
}
