using System.CommandLine;
using System.Globalization;
using System.Text;
using SimdNn.Cli.Data;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Commands;

/// <summary>
/// `simd-nn predict`: reads CSV rows (features, optionally a trailing label or target) from a file or stdin
/// and writes one line per input line as soon as it is read, so it works inside a shell pipeline
/// and output line i always belongs to input line i (a header line gives no output line). A regression
/// model (its file says so) prints its predicted values, in the units of its training targets.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The longest input line read: generous for numbers (32 characters a field), and a floor for small models.</summary>
    private const int CharactersPerField = 32;
    private const int MinimumLineLength = 1 << 20;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelFiles.Accepted, Required = true };
        var input = new Option<string?>("--input") { Description = "CSV file of rows to classify (default: stdin; '-' also means stdin)" };
        var classOnly = new Option<bool>("--class") { Description = "Print the predicted class instead of the probabilities: its label if the model records class labels, else its index (an ONNX model has none)" };
        var skipBad = new Option<bool>("--skip-bad-rows")
        {
            Description = "Print an empty line for a row that is not numbers of the right count (and report how many on stderr) instead of stopping with an error",
        };
        var command = new Command("predict", "Print class probabilities (or the class with --class), or a regression model's values, for each CSV row of the input, one output line per input line")
        {
            model, input, classOnly, skipBad,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            var saved = ModelFiles.Load(modelPath);
            var (runnable, labels) = saved;
            if (saved.Task == Nn.Dense.ModelTask.Regression && parse.GetValue(classOnly))
            {
                throw CliException.UsageError($"--class: {modelPath} is a regression model; it predicts values, not classes (drop --class)");
            }

            if (runnable.FindNonFinite() is { } bad)
            {
                Console.Error.WriteLine($"simd-nn: warning: {modelPath} has {bad}; its predictions will be NaN");
            }

            string? inputPath = parse.GetValue(input);
            bool stdin = inputPath is null or "-";
            if (!stdin && Directory.Exists(inputPath)) throw CliException.DataError($"--input {inputPath} is a folder; give a CSV file");
            if (!stdin && !File.Exists(inputPath)) throw CliException.DataError($"input file not found: {inputPath}");
            using var reader = stdin ? Console.In : new StreamReader(inputPath!);
            string name = stdin ? "stdin" : inputPath!;
            int maxLength = (int)Math.Clamp(CharactersPerField * (runnable.InputSize + 1L), MinimumLineLength, Array.MaxLength / 2);
            var rows = new Rows(runnable, modelPath, parse.GetValue(classOnly) ? labels ?? Indices(runnable.OutputSize) : null, parse.GetValue(skipBad));
            rows.Run(new LineReader(reader, name, maxLength), name);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] Indices(int count) => [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The streaming loop: one output line per input line (blank in, blank out).</summary>
    private sealed class Rows(InferenceModel model, string modelPath, IReadOnlyList<string>? classNames, bool skipBad)
    {
        private readonly float[] features = new float[model.InputSize];
        private readonly float[] output = new float[model.OutputSize];
        private readonly StringBuilder line = new();

        public void Run(LineReader reader, string name)
        {
            var stdout = Console.Out;
            int skipped = 0;
            string? firstProblem = null;
            while (reader.ReadLine() is { } text)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    Emit(stdout, null);
                    continue;
                }

                var fields = text.Split(',', StringSplitOptions.TrimEntries);
                if (!TryParse(fields, out string? problem))
                {
                    if (reader.LineNumber == 1 && IsHeader(fields)) continue;
                    string where = $"{name} line {reader.LineNumber}: {problem} (the model {modelPath} takes {model.InputSize} features)";
                    if (!skipBad) throw CliException.DataError(where + "; --skip-bad-rows prints an empty line instead");
                    skipped++;
                    firstProblem ??= where;
                    Emit(stdout, null);
                    continue;
                }

                model.Predict(features, 1, output);
                Emit(stdout, Format());
            }

            if (skipped > 0)
            {
                Console.Error.WriteLine($"simd-nn: warning: {skipped} bad row{(skipped == 1 ? "" : "s")} printed as empty lines; the first: {firstProblem}");
            }
        }

        /// <summary>Flushed line by line, so that a pipeline sees each answer as soon as its row is read.</summary>
        private static void Emit(TextWriter stdout, StringBuilder? text)
        {
            if (text is null) stdout.WriteLine();
            else stdout.WriteLine(text);
            stdout.Flush();
        }

        private StringBuilder Format()
        {
            line.Clear();
            if (classNames is not null) return line.Append(classNames[ArgMax(output)]);
            for (int j = 0; j < output.Length; j++)
            {
                if (j > 0) line.Append(',');
                line.Append(output[j].ToString("G6", CultureInfo.InvariantCulture));
            }

            return line;
        }

        /// <summary>
        /// A first line is a header only if no field is a number (column names), or if it is a
        /// scikit-learn header: sample count, feature count (this model's), then class names.
        /// A row with one mistyped number is a bad row, not a header.
        /// </summary>
        private bool IsHeader(string[] fields)
        {
            if (fields.All(f => !IsNumber(f))) return true;
            return fields.Length >= 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int featureCount)
                && featureCount == model.InputSize && fields.Skip(2).All(f => !IsNumber(f));
        }

        private bool TryParse(string[] fields, out string? problem)
        {
            // A trailing label column (as in the training CSV) is allowed and ignored.
            int inputs = model.InputSize;
            if (fields.Length != inputs && fields.Length != inputs + 1)
            {
                problem = $"{fields.Length} values";
                return false;
            }

            for (int i = 0; i < inputs; i++)
            {
                if (!float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out features[i]) || !float.IsFinite(features[i]))
                {
                    problem = $"field {i + 1} '{fields[i]}' is not a finite number";
                    return false;
                }
            }

            problem = null;
            return true;
        }

        private static bool IsNumber(string field) => double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        private static int ArgMax(ReadOnlySpan<float> row)
        {
            int best = 0;
            for (int j = 1; j < row.Length; j++)
            {
                if (row[j] > row[best]) best = j;
            }

            return best;
        }
    }
}
