using System.Text;

namespace Nn.Training;

/// <summary>
/// Reads a classification data set from CSV: one sample per line, the features then an integer
/// class label last, comma-separated. An optional first line is either scikit-learn's header
/// <c>n_samples,n_features,class name,...</c> (checked against the data) or a line of column names
/// (skipped). Gzip-compressed files are recognized by their magic bytes. Blank lines are skipped.
/// <see cref="LoadRegression(string, DatasetLimits)"/> reads the same grammar with a real target last.
/// </summary>
public static class CsvDataset
{
    /// <summary>Loads a CSV file (plain or gzip) under <see cref="DatasetLimits.Default"/>.</summary>
    /// <exception cref="InvalidDataException">Ragged rows, a non-number, a label that is not a non-negative integer, a header that disagrees with the data, truncated gzip, or a limit of <see cref="DatasetLimits"/> exceeded; the message names the file and line (or the limit and how to raise it).</exception>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    public static Dataset Load(string path) => Load(path, DatasetLimits.Default);

    /// <summary>Loads a CSV file (plain or gzip), checking <paramref name="limits"/> before the work each bounds.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>.</exception>
    /// <exception cref="ArgumentException">path is null or empty, or limits is null.</exception>
    public static Dataset Load(string path, DatasetLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(limits);
        using var stream = File.OpenRead(path);
        return Load(stream, path, limits);
    }

    /// <summary>Loads CSV from a stream (plain or gzip) under <see cref="DatasetLimits.Default"/>; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    public static Dataset Load(Stream stream, string name = "CSV input") => Load(stream, name, DatasetLimits.Default);

    /// <summary>
    /// Loads CSV from a stream (plain or gzip; read forward once, nothing but the parsed values kept),
    /// checking <paramref name="limits"/>; <paramref name="name"/> is used in error messages.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">stream or limits is null.</exception>
    public static Dataset Load(Stream stream, string name, DatasetLimits limits) => Load(stream, name, limits, regression: false);

    /// <summary>
    /// Loads a regression data set (<see cref="Dataset.Regression"/>, one target) from a CSV file, plain
    /// or gzip: the same grammar, but the last field of a line is a finite real target instead of a class label.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>, with a target that is not a finite number instead of a bad label.</exception>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    public static Dataset LoadRegression(string path, DatasetLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return LoadRegression(stream, path, limits);
    }

    /// <summary>Loads a regression data set from a stream (plain or gzip), as <see cref="LoadRegression(string, DatasetLimits)"/>; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="LoadRegression(string, DatasetLimits)"/>.</exception>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    public static Dataset LoadRegression(Stream stream, string name, DatasetLimits? limits = null) =>
        Load(stream, name, limits ?? DatasetLimits.Default, regression: true);

    private static Dataset Load(Stream stream, string name, DatasetLimits limits, bool regression)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        name ??= "CSV input";
        using var input = CompressedInput.Open(stream, name, limits);
        using var reader = new StreamReader(input.Content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lines = new LineReader(reader, name, limits.MaxLineLength);
        Dataset data;
        try
        {
            data = new CsvParser(name, limits, regression).Parse(lines);
        }
        catch (InvalidDataException) when (input.IsGzip && lines.AtEnd)
        {
            // A bad last line of a gzip file is most likely where it was cut off: say that instead.
            input.CheckEnd();
            throw;
        }

        input.CheckEnd();
        return data;
    }
}
