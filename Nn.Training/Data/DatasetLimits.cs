using System.Globalization;

namespace Nn.Training;

/// <summary>
/// The bounds that <see cref="CsvDataset"/> and <see cref="IdxDataset"/> check before doing the work
/// each bounds, so that a mistaken or hostile file (no line breaks, a gzip bomb, a label of 1e9, a
/// header declaring billions of images) fails at once with an <see cref="InvalidDataException"/>
/// that names the limit, instead of exhausting memory or time. Memory then stays within a small
/// multiple of what the data set really needs: the features (4 bytes each) and labels, plus one line.
/// </summary>
/// <remarks>
/// The defaults fit any data set this library trains in reasonable time (Fashion-MNIST's 60,000 ×
/// 784 uses 47,040,000 of the 268,435,456 values). To load something larger, raise the one named in
/// the message: <c>CsvDataset.Load(path, new DatasetLimits { MaxRows = 50_000_000 })</c>. Every
/// limit must be positive (<see cref="ArgumentOutOfRangeException"/> otherwise).
/// </remarks>
public sealed record DatasetLimits
{
    /// <summary>The limits the loaders use when given none.</summary>
    public static DatasetLimits Default { get; } = new();

    /// <summary>The longest CSV line, in characters, terminator excluded (default 1,048,576).</summary>
    public int MaxLineLength { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>The most fields on a CSV line, or pixels per IDX image (default 65,536).</summary>
    public int MaxColumns { get; init => field = Positive(value); } = 1 << 16;

    /// <summary>The most samples: CSV data lines or IDX images and labels (default 10,000,000).</summary>
    public int MaxRows { get; init => field = Positive(value); } = 10_000_000;

    /// <summary>The most feature values in all, samples × features (default 2^28 = 268,435,456, 1 GiB of float32).</summary>
    public long MaxValues { get; init => field = Positive(value); } = 1L << 28;

    /// <summary>
    /// The most bytes read from one input after decompression: a gzip file's content, or the file
    /// itself when it is not compressed (default 2^30, 1 GiB). A gzip bomb stops here.
    /// </summary>
    public long MaxDecompressedBytes { get; init => field = Positive(value); } = 1L << 30;

    /// <summary>
    /// The most classes (default 1,000): every label must be below it, and a CSV header may name at
    /// most this many. The class count is the largest label plus one, so one stray label of 1e9 would
    /// otherwise ask for a billion classes.
    /// </summary>
    public int MaxClasses { get; init => field = Positive(value); } = 1000;

    /// <summary>
    /// The key in <see cref="Exception.Data"/> of a limit's <see cref="InvalidDataException"/> under which the
    /// limit's property name is stored (e.g. "MaxClasses"), so that a caller can say how to raise it in its own
    /// terms (a command-line tool: an option or environment variable) instead of parsing the message.
    /// </summary>
    public const string LimitNameKey = "DatasetLimits.LimitName";

    /// <summary>The <see cref="Exception.Data"/> key of the limit's value (a long), beside <see cref="LimitNameKey"/>.</summary>
    public const string LimitValueKey = "DatasetLimits.Limit";

    /// <summary>
    /// The <see cref="Exception.Data"/> key of the message's first part, what was found and where
    /// (e.g. "data.csv: line 1 is too long"), beside <see cref="LimitNameKey"/>.
    /// </summary>
    public const string ProblemKey = "DatasetLimits.Problem";

    /// <summary>The <see cref="Exception.Data"/> key of the limit's unit (e.g. "characters"), beside <see cref="LimitNameKey"/>.</summary>
    public const string UnitKey = "DatasetLimits.Unit";

    /// <summary>
    /// The error for a limit exceeded, e.g. "data.csv: line 1 is too long (the limit
    /// DatasetLimits.MaxLineLength is 1,048,576 characters); to load it anyway, pass a DatasetLimits
    /// with a larger MaxLineLength.", with the parts also in <see cref="Exception.Data"/>.
    /// </summary>
    internal static InvalidDataException Exceeded(string where, string what, string limitName, long limit, string unit)
    {
        var error = new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"{where}: {what} (the limit DatasetLimits.{limitName} is {limit:N0} {unit}); to load it anyway, pass a DatasetLimits with a larger {limitName}."));
        error.Data[LimitNameKey] = limitName;
        error.Data[LimitValueKey] = limit;
        error.Data[ProblemKey] = $"{where}: {what}";
        error.Data[UnitKey] = unit;
        return error;
    }

    private static T Positive<T>(T value, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
}
