using System.Globalization;
using Spectre.Console;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>Spectre.Console tables for evaluation results.</summary>
internal static class Tables
{
    public static Table Confusion(Evaluation evaluation)
    {
        var table = new Table { Title = new TableTitle("confusion matrix") };
        table.Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("true ↓  predicted →"));
        for (int c = 0; c < evaluation.Classes; c++) table.AddColumn(new TableColumn(Markup.Escape(Short(evaluation.ClassNames[c]))).RightAligned());
        for (int t = 0; t < evaluation.Classes; t++)
        {
            var cells = new List<string> { Markup.Escape(evaluation.ClassNames[t]) };
            for (int p = 0; p < evaluation.Classes; p++)
            {
                int count = evaluation.Matrix[t, p];
                string text = count.ToString(CultureInfo.InvariantCulture);
                cells.Add(count == 0 ? "[grey]·[/]" : t == p ? $"[green]{text}[/]" : $"[red]{text}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    public static Table PerClass(Evaluation evaluation)
    {
        var table = new Table { Title = new TableTitle("per class") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("class");
        table.AddColumn(new TableColumn("precision").RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        table.AddColumn(new TableColumn("rows").RightAligned());
        for (int c = 0; c < evaluation.Classes; c++)
        {
            table.AddRow(Markup.Escape(evaluation.ClassNames[c]), evaluation.Support(c) == 0 ? "-" : Percent(evaluation.Matrix.Precision(c)), evaluation.Support(c) == 0 ? "-" : Percent(evaluation.Matrix.Recall(c)),
                evaluation.Support(c).ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>"a, b, c", or the first ten and the count for a long list.</summary>
    public static string LabelList(IReadOnlyList<string> labels) =>
        labels.Count <= 10 ? string.Join(", ", labels) : string.Join(", ", labels.Take(10)) + $", ... ({labels.Count} in all)";

    public static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Short(string name) => name.Length <= 8 ? name : name[..7] + "…";
}
