using System.CommandLine;
using Spectre.Console;
using Nn.Dense;
using Nn.Training;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;
using SimdNn.Cli.Rendering;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn evaluate`: accuracy, per-class precision and recall, confusion matrix; RMSE, MAE and R² for a regression model (the model file says which).</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelFiles.Accepted, Required = true };
        var data = new Option<string>("--data") { Description = "digits, iris, fashion-mnist, PATH.csv or a folder of IDX files", Required = true };
        var seed = new Option<int>("--seed").Describe("The seed the model was trained with: it picks the same test rows").Default(1);
        var testFraction = SplitOptions.TestFraction();
        var all = new Option<bool>("--all") { Description = "Evaluate on every row of a single-table data set instead of its test split" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the scores on stdout (human output goes to stderr)" };
        var command = new Command("evaluate", "Accuracy, per-class precision and recall and the confusion matrix of a model on a data set; RMSE, MAE and R² for a regression model")
        {
            model, data, seed, testFraction, all, json,
        };
        command.SetAction(parse =>
        {
            var saved = ModelFiles.Load(parse.GetValue(model)!);
            var (network, labels) = saved;
            string spec = parse.GetValue(data)!;
            var source = DataSources.Load(spec, saved.Task);
            Dataset rows;
            string which;
            if (source.Test is { } test)
            {
                rows = test;
                which = $"the {test.Samples} rows of its test file";
            }
            else if (parse.GetValue(all))
            {
                rows = source.TrainOrAll;
                which = $"all {rows.Samples} rows";
            }
            else
            {
                rows = DataSources.TrainTest(source, parse.GetValue(testFraction), parse.GetValue(seed)).Test;
                which = $"the {rows.Samples} test rows (seed {parse.GetValue(seed)}, {100 * parse.GetValue(testFraction):g3}% held out)";
            }

            if (rows.Samples == 0) throw CliException.DataError($"{source.Description}: {which}: there is no row to evaluate (use a larger --test-fraction, or --all)");
            var console = parse.GetValue(json) ? JsonReport.HumanConsole : CommandLine.Out;
            console.MarkupLineInterpolated($"[bold]simd-nn evaluate[/]: {parse.GetValue(model)} on {source.Description}: {which}");
            if (saved.Task == ModelTask.Regression)
            {
                var scores = RegressionResults.Run(network, rows, source.Name, parse.GetValue(model)!);
                console.MarkupLine($"[bold]{Markup.Escape(RegressionResults.Describe(scores))}[/] ({scores.Rows} rows)");
                if (parse.GetValue(json)) JsonReport.Write(saved.Task, parse.GetValue(model)!, source.Name, null, scores);
                return ExitCodes.Ok;
            }

            var evaluation = Evaluation.Run(network, labels, rows, source.Name, parse.GetValue(model)!);
            console.Write(Tables.PerClass(evaluation));
            console.Write(Tables.Confusion(evaluation));
            console.MarkupLineInterpolated($"[bold]accuracy: {Tables.Percent(evaluation.Accuracy)}[/] ({evaluation.Correct} of {evaluation.Samples})");
            if (parse.GetValue(json)) JsonReport.Write(saved.Task, parse.GetValue(model)!, source.Name, evaluation, null);
            return ExitCodes.Ok;
        });
        return command;
    }
}
