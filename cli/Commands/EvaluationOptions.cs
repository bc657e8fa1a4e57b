using System.CommandLine;
using Nn.Dense;
using Nn.Training;
using SimdNn.Cli.Data;

namespace SimdNn.Cli.Commands;

/// <summary>
/// The data options of `evaluate` (and of `quantize --data`, which scores on the same rows): --data, --seed and
/// --test-fraction (a table's seeded split, as train made it), --all. A source with its own test file is scored on it.
/// </summary>
internal sealed class EvaluationOptions
{
    public EvaluationOptions(bool dataRequired, string dataDescription)
    {
        Data = new Option<string?>("--data") { Description = dataDescription, Required = dataRequired };
    }

    public Option<string?> Data { get; }

    public Option<int> Seed { get; } = new Option<int>("--seed").Describe("The seed the model was trained with: it picks the same test rows").Default(1);

    public Option<double> TestFraction { get; } = SplitOptions.TestFraction();

    public Option<bool> All { get; } = new("--all") { Description = "Evaluate on every row of a single-table data set instead of its test split" };

    public IEnumerable<Option> Options => [Data, Seed, TestFraction, All];

    /// <summary>The rows to score a model of <paramref name="task"/> on; null when --data is not given.</summary>
    /// <exception cref="CliException">The data does not load, is of the other task, or leaves no row.</exception>
    public EvaluationRows? Pick(ParseResult parse, ModelTask task)
    {
        if (parse.GetValue(Data) is not { } spec) return null;
        var source = DataSources.Load(spec, task);
        Dataset rows;
        string which;
        if (source.Test is { } test)
        {
            rows = test;
            which = $"the {test.Samples} rows of its test file";
        }
        else if (parse.GetValue(All))
        {
            rows = source.TrainOrAll;
            which = $"all {rows.Samples} rows";
        }
        else
        {
            rows = DataSources.TrainTest(source, parse.GetValue(TestFraction), parse.GetValue(Seed)).Test;
            which = $"the {rows.Samples} test rows (seed {parse.GetValue(Seed)}, {100 * parse.GetValue(TestFraction):g3}% held out)";
        }

        if (rows.Samples == 0) throw CliException.DataError($"{source.Description}: {which}: there is no row to evaluate (use a larger --test-fraction, or --all)");
        return new EvaluationRows(source, rows, which);
    }
}
