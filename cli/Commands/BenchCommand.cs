using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using SimdNn.Cli.Benchmarks;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn bench`: quick throughput figures as a table, or JSON with --json.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout" };
        var model = new Option<string?>("--model") { Description = ModelFiles.Accepted + ": its Predict is timed instead of a random float32 784-256-128-10" };
        var command = new Command("bench", "Quick (under 30 s) in-process measurement: FMA peak, GEMM GFLOP/s, Predict latency, training samples/s") { json, model };
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            var timed = parse.GetValue(model) is { } path ? ModelFiles.Load(path).Model : null;
            var figures = new List<BenchFigure>();
            foreach (var figure in QuickBench.Run(status => { if (!asJson) Console.Error.WriteLine($"  measuring {status}..."); }, timed))
            {
                figures.Add(figure);
            }

            if (asJson)
            {
                using var stdout = Console.OpenStandardOutput();
                using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
                writer.WriteStartObject();
                writer.WriteString("isa", QuickBench.Describe());
                writer.WriteNumber("processorCount", Environment.ProcessorCount);
                writer.WriteStartArray("figures");
                foreach (var f in figures)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", f.Name);
                    writer.WriteNumber("value", Math.Round(f.Value, 3));
                    writer.WriteString("unit", f.Unit);
                    writer.WriteString("note", f.Note);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                stdout.WriteByte((byte)'\n');
                return ExitCodes.Ok;
            }

            var table = new Table { Title = new TableTitle($"simd-nn bench: {QuickBench.Describe()}") };
            table.Border(TableBorder.Rounded);
            table.AddColumn("measure");
            table.AddColumn(new TableColumn("value").RightAligned());
            table.AddColumn("unit");
            table.AddColumn("note");
            foreach (var f in figures)
            {
                table.AddRow(Markup.Escape(f.Name), f.Value.ToString(f.Value >= 100 ? "N0" : "F2", CultureInfo.InvariantCulture), Markup.Escape(f.Unit), Markup.Escape(f.Note));
            }

            CommandLine.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
