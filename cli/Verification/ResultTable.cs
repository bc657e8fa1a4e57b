using System.Globalization;
using Spectre.Console;
using SimdNn.Cli.Commands;

namespace SimdNn.Cli.Verification;

/// <summary>
/// The results of `verify` per check and per instruction-set path, the problems found on the way
/// (failed cases, a child on the wrong path, a child that failed), and the table that shows them.
/// </summary>
internal sealed class ResultTable
{
    private readonly Dictionary<(string Name, int Bits), CheckResult> results = [];
    private readonly List<string> names = [];

    public List<string> Problems { get; } = [];

    public bool IsEmpty => results.Count == 0;

    /// <summary>Adds the result lines a child for <paramref name="bits"/> printed; returns how many there were.</summary>
    public int AddLines(int bits, string output)
    {
        int seen = 0;
        foreach (var line in output.Split('\n'))
        {
            if (CheckResult.FromLine(line.TrimEnd('\r'), out int reported) is not { } result) continue;
            seen++;
            Add(bits, result, reported);
        }

        return seen;
    }

    /// <summary>Adds one result meant for path <paramref name="bits"/> that ran on path <paramref name="reported"/>.</summary>
    public void Add(int bits, CheckResult result, int reported)
    {
        if (!names.Contains(result.Name)) names.Add(result.Name);
        results[(result.Name, bits)] = result;
        if (reported != bits) Problems.Add($"{VerifyCommand.Label(bits)}: the child ran on {VerifyCommand.Label(reported)}");
        if (!result.Passed) Problems.Add($"{result.Name} on {VerifyCommand.Label(bits)}: {result.FirstFailure ?? "no cases ran"}");
    }

    public Table Render(IReadOnlyList<int> paths)
    {
        var table = new Table { Title = new TableTitle("checks (cases passed / run) per instruction-set path") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("check");
        foreach (int bits in paths) table.AddColumn(new TableColumn(VerifyCommand.Label(bits)).Centered());
        table.AddColumn(new TableColumn("worst error / tolerance").RightAligned());
        foreach (string name in names)
        {
            var cells = new List<string> { name };
            foreach (int bits in paths)
            {
                cells.Add(results.TryGetValue((name, bits), out var r)
                    ? r.Passed ? $"[green]pass[/] {r.Cases}" : $"[red]FAIL[/] {r.Cases - Math.Min(r.Cases, r.Failures)}/{r.Cases}"
                    : "[red]missing[/]");
            }

            double worstRatio = paths.Select(b => results.TryGetValue((name, b), out var r) ? r.WorstRatio : double.NaN).Max();
            cells.Add(worstRatio.ToString("F3", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
