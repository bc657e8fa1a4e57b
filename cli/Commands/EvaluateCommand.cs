using System.CommandLine;
using Spectre.Console;
using Nn.Dense;
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
        var data = new EvaluationOptions(dataRequired: true, "digits, iris, fashion-mnist, PATH.csv or a folder of IDX files");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the scores on stdout (human output goes to stderr)" };
        var command = new Command("evaluate", "Accuracy, per-class precision and recall and the confusion matrix of a model on a data set; RMSE, MAE and R² for a regression model")
        {
            model,
        };
        foreach (var option in data.Options) command.Options.Add(option);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var saved = ModelFiles.Load(parse.GetValue(model)!);
            var (runnable, labels) = saved;
            var (source, rows, which) = data.Pick(parse, saved.Task)!;
            var console = parse.GetValue(json) ? JsonReport.HumanConsole : CommandLine.Out;
            console.MarkupLineInterpolated($"[bold]simd-nn evaluate[/]: {parse.GetValue(model)} on {source.Description}: {which}");
            if (saved.Task == ModelTask.Regression)
            {
                var scores = RegressionResults.Run(runnable, rows, source.Name, parse.GetValue(model)!);
                console.MarkupLine($"[bold]{Markup.Escape(RegressionResults.Describe(scores))}[/] ({scores.Rows} rows)");
                if (parse.GetValue(json)) JsonReport.Write(saved.Task, parse.GetValue(model)!, source.Name, null, scores);
                return ExitCodes.Ok;
            }

            var evaluation = Evaluation.Run(runnable, labels, rows, source.Name, parse.GetValue(model)!);
            console.Write(Tables.PerClass(evaluation));
            console.Write(Tables.Confusion(evaluation));
            console.MarkupLineInterpolated($"[bold]accuracy: {Tables.Percent(evaluation.Accuracy)}[/] ({evaluation.Correct} of {evaluation.Samples})");
            if (parse.GetValue(json)) JsonReport.Write(saved.Task, parse.GetValue(model)!, source.Name, evaluation, null);
            return ExitCodes.Ok;
        });
        return command;
    }
}
