using System.Collections;
using System.Globalization;
using System.Text;
using Nn.Training;

namespace SimdNn.Cli.Data;

/// <summary>
/// The data loaders' limits (<see cref="DatasetLimits"/>) as the tool's user sets them: one environment
/// variable per limit, SIMDNN_ and the property name in capitals with underscores (SIMDNN_MAX_CLASSES,
/// SIMDNN_MAX_ROWS, ...). Variables, not options, because every command that reads data honours them and a
/// limit is raised rarely, for one unusual file; the error that names a limit names its variable.
/// </summary>
internal static class DatasetLimitVariables
{
    private static readonly string[] Names =
    [
        nameof(DatasetLimits.MaxLineLength), nameof(DatasetLimits.MaxColumns), nameof(DatasetLimits.MaxRows),
        nameof(DatasetLimits.MaxValues), nameof(DatasetLimits.MaxDecompressedBytes), nameof(DatasetLimits.MaxClasses),
    ];

    /// <summary>The variable for a limit: MaxDecompressedBytes → SIMDNN_MAX_DECOMPRESSED_BYTES.</summary>
    public static string VariableFor(string limitName)
    {
        var name = new StringBuilder("SIMDNN");
        foreach (char c in limitName)
        {
            if (char.IsUpper(c)) name.Append('_');
            name.Append(char.ToUpperInvariant(c));
        }

        return name.ToString();
    }

    /// <summary>The variables' names, for the help text.</summary>
    public static IEnumerable<string> Variables => Names.Select(VariableFor);

    /// <summary>The defaults, with each limit whose variable is set replaced by its value.</summary>
    /// <exception cref="CliException">A variable that is not a positive whole number in range (usage error).</exception>
    public static DatasetLimits FromEnvironment()
    {
        var limits = DatasetLimits.Default;
        foreach (string name in Names)
        {
            string variable = VariableFor(name);
            if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text) continue;
            bool isInt = name is not (nameof(DatasetLimits.MaxValues) or nameof(DatasetLimits.MaxDecompressedBytes));
            long max = isInt ? int.MaxValue : long.MaxValue;
            if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > max)
            {
                throw CliException.UsageError(string.Create(CultureInfo.InvariantCulture, $"{variable} must be a whole number from 1 to {max:N0}; got '{text}'"));
            }

            limits = name switch
            {
                nameof(DatasetLimits.MaxLineLength) => limits with { MaxLineLength = (int)value },
                nameof(DatasetLimits.MaxColumns) => limits with { MaxColumns = (int)value },
                nameof(DatasetLimits.MaxRows) => limits with { MaxRows = (int)value },
                nameof(DatasetLimits.MaxValues) => limits with { MaxValues = value },
                nameof(DatasetLimits.MaxDecompressedBytes) => limits with { MaxDecompressedBytes = value },
                _ => limits with { MaxClasses = (int)value },
            };
        }

        return limits;
    }

    /// <summary>
    /// A loader's limit error told in the tool's terms ("... (the limit is 1,000 classes); to load it anyway, set
    /// SIMDNN_MAX_CLASSES to a larger value"), or null for any other error.
    /// </summary>
    public static string? Retell(InvalidDataException error)
    {
        IDictionary data = error.Data;
        if (data[DatasetLimits.LimitNameKey] is not string name || data[DatasetLimits.LimitValueKey] is not long limit
            || data[DatasetLimits.ProblemKey] is not string problem || data[DatasetLimits.UnitKey] is not string unit)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{problem} (the limit is {limit:N0} {unit}); to load it anyway, set {VariableFor(name)} to a larger value");
    }
}
