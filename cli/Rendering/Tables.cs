using System.Globalization;
using Spectre.Console;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Rendering;

/// <summary>Spectre.Console tables for evaluation results.</summary>
internal static class Tables
{
    /// <summary>The most classes a confusion matrix shows as a table; beyond it, the largest confusions are listed.</summary>
    public const int MaxConfusionClasses = 30;

    /// <summary>
    /// The confusion matrix over the classes that occur (as a true or a predicted class: a model with 2,001
    /// outputs tested on three classes shows three), as a table for up to <see cref="MaxConfusionClasses"/>
    /// classes and as the ten largest confusions beyond, which a terminal can still show.
    /// </summary>
    public static Table Confusion(Evaluation evaluation)
    {
        var shown = Enumerable.Range(0, evaluation.Classes).Where(c => Occurs(evaluation, c)).ToArray();
        return shown.Length <= MaxConfusionClasses ? ConfusionTable(evaluation, shown) : LargestConfusions(evaluation, shown);
    }

    private static Table ConfusionTable(Evaluation evaluation, int[] shown)
    {
        var table = new Table { Title = new TableTitle("confusion matrix") };
        table.Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("true ↓  predicted →"));
        foreach (int c in shown) table.AddColumn(new TableColumn(Markup.Escape(Short(evaluation.ClassNames[c]))).RightAligned());
        foreach (int t in shown)
        {
            var cells = new List<string> { Markup.Escape(evaluation.ClassNames[t]) };
            foreach (int p in shown)
            {
                int count = evaluation.Matrix[t, p];
                string text = count.ToString(CultureInfo.InvariantCulture);
                cells.Add(count == 0 ? "[grey]·[/]" : t == p ? $"[green]{text}[/]" : $"[red]{text}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static Table LargestConfusions(Evaluation evaluation, int[] shown)
    {
        var table = new Table { Title = new TableTitle($"largest confusions ({shown.Length} classes occur, too many for a matrix)") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("true");
        table.AddColumn("predicted");
        table.AddColumn(new TableColumn("rows").RightAligned());
        var pairs = from t in shown
                    from p in shown
                    where t != p && evaluation.Matrix[t, p] > 0
                    orderby evaluation.Matrix[t, p] descending, t, p
                    select (t, p);
        foreach (var (t, p) in pairs.Take(10))
        {
            table.AddRow(Markup.Escape(evaluation.ClassNames[t]), Markup.Escape(evaluation.ClassNames[p]),
                evaluation.Matrix[t, p].ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>Whether class <paramref name="c"/> is the true or the predicted class of some test row.</summary>
    private static bool Occurs(Evaluation evaluation, int c)
    {
        if (evaluation.Support(c) > 0) return true;
        for (int t = 0; t < evaluation.Classes; t++)
        {
            if (evaluation.Matrix[t, c] > 0) return true;
        }

        return false;
    }

    public static Table PerClass(Evaluation evaluation)
    {
        var table = new Table { Title = new TableTitle("per class") };
        table.Border(TableBorder.Rounded);
        table.AddColumn("class");
        table.AddColumn(new TableColumn("precision").RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        table.AddColumn(new TableColumn("rows").RightAligned());
        // Classes without test rows say nothing per class (precision and recall are undefined): only those with rows.
        for (int c = 0; c < evaluation.Classes; c++)
        {
            if (evaluation.Support(c) == 0 && evaluation.Classes > MaxConfusionClasses) continue;
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
