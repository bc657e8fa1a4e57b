using System.CommandLine;
using System.Globalization;
using System.Text;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Commands;

/// <summary>
/// `simd-nn predict`: reads CSV rows (features, optionally a trailing label) from a file or stdin
/// and writes one line per row as soon as it is read, so it works inside a shell pipeline.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model file (.snn)", Required = true };
        var input = new Option<string?>("--input") { Description = "CSV file of rows to classify (default: stdin; '-' also means stdin)" };
        var classOnly = new Option<bool>("--class") { Description = "Print the predicted class index instead of the probabilities" };
        var command = new Command("predict", "Print class probabilities (or the class with --class) for each CSV row of the input")
        {
            model, input, classOnly,
        };
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!;
            var network = ModelFiles.Load(modelPath);
            string? inputPath = parse.GetValue(input);
            if (inputPath is not null && inputPath != "-" && !File.Exists(inputPath)) throw CliException.DataError($"input file not found: {inputPath}");
            using var reader = inputPath is null or "-" ? Console.In : new StreamReader(inputPath);
            string name = inputPath is null or "-" ? "stdin" : inputPath;
            return Stream(network, reader, name, modelPath, parse.GetValue(classOnly));
        });
        return command;
    }

    private static int Stream(Nn.Dense.Network network, TextReader reader, string name, string modelPath, bool classOnly)
    {
        var features = new float[network.InputSize];
        var output = new float[network.OutputSize];
        var line = new StringBuilder();
        var stdout = Console.Out;
        int lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = text.Split(',', StringSplitOptions.TrimEntries);
            if (!TryParse(fields, features, network.InputSize, out string? problem))
            {
                // A first line that is not numbers is a header (e.g. scikit-learn's "150,4,setosa,...").
                if (lineNumber == 1 && fields.Any(f => !float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) continue;
                throw CliException.DataError($"{name} line {lineNumber}: {problem} (the model {modelPath} takes {network.InputSize} features)");
            }

            network.Predict(features, output);
            line.Clear();
            if (classOnly)
            {
                line.Append(ArgMax(output).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                for (int j = 0; j < output.Length; j++)
                {
                    if (j > 0) line.Append(',');
                    line.Append(output[j].ToString("G6", CultureInfo.InvariantCulture));
                }
            }

            stdout.WriteLine(line);
            stdout.Flush();
        }

        return ExitCodes.Ok;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best]) best = j;
        }

        return best;
    }

    private static bool TryParse(string[] fields, float[] features, int inputs, out string? problem)
    {
        // A trailing label column (as in the training CSV) is allowed and ignored.
        if (fields.Length != inputs && fields.Length != inputs + 1)
        {
            problem = $"{fields.Length} values";
            return false;
        }

        for (int i = 0; i < inputs; i++)
        {
            if (!float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out features[i]) || !float.IsFinite(features[i]))
            {
                problem = $"'{fields[i]}' is not a finite number";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
