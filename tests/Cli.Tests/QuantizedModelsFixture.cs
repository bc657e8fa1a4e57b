using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>
/// An iris and a digits model trained once by the tool, each quantized by `simd-nn quantize --data D --all --json`
/// to int8 and bf16 (issue 19), shared by the tests that run the quantized files through the other commands.
/// </summary>
public sealed class QuantizedModelsFixture : IDisposable
{
    public static readonly string[] DataSets = ["iris", "digits"];

    public static readonly string[] Formats = ["int8", "bf16"];

    public QuantizedModelsFixture()
    {
        Train["iris"] = Tool.Run(Folder.Path, "train", "--data", "iris", "--layers", "8", "--epochs", "40", "--batch", "16", "--lr", "0.01",
            "--out", FloatModel("iris"), "--plot", Folder.File("iris-loss.png"));
        Train["digits"] = Tool.Run(Folder.Path, "train", "--data", "digits", "--layers", "32", "--epochs", "10",
            "--out", FloatModel("digits"), "--plot", Folder.File("digits-loss.png"));
        foreach (string data in DataSets)
        {
            foreach (string format in Formats)
            {
                Quantize[(data, format)] = Tool.Run(Folder.Path, "quantize", "--model", FloatModel(data), "--format", format, "--out", Quantized(data, format),
                    "--data", data, "--all", "--json");
            }
        }
    }

    public TempFolder Folder { get; } = new();

    public Dictionary<string, ToolRun> Train { get; } = [];

    /// <summary>The quantize run per (data set, format): JSON on stdout, the human report on stderr.</summary>
    public Dictionary<(string Data, string Format), ToolRun> Quantize { get; } = [];

    public string FloatModel(string data) => Folder.File($"{data}.snn");

    public string Quantized(string data, string format) => Folder.File($"{data}-{format}.q");

    public static WeightFormat FormatOf(string format) => format == "int8" ? WeightFormat.Int8 : WeightFormat.BFloat16;

    /// <summary>The quantize run, checked to have succeeded, with its JSON object.</summary>
    public (ToolRun Run, JsonElement Json) Quantized(string data, string format, bool check)
    {
        var run = Quantize[(data, format)];
        Assert.True(Train[data].ExitCode == 0, Train[data].ToString());
        if (check) Assert.True(run.ExitCode == 0, run.ToString());
        return (run, JsonDocument.Parse(run.Output).RootElement.Clone());
    }

    /// <summary>Every row of the embedded data set (the repository's copy), features only, in file order: what --all evaluates.</summary>
    public static float[] Rows(string data, int features)
    {
        string path = Path.Combine(Tool.RepositoryRoot, "data", data == "iris" ? "iris.csv" : "digits.csv.gz");
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file);
        var values = new List<float>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            // The scikit-learn header line (sample count, feature count, class names) is the only line with a word.
            if (fields.Length != features + 1 || !fields.All(f => float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) continue;
            values.AddRange(fields.Take(features).Select(f => float.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return [.. values];
    }

    /// <summary>The arg-max class of each row, predicted 256 rows per call as the tool's evaluation does (so the same kernels run on the same batches).</summary>
    public static int[] Classes(Action<float[], int, float[]> predict, float[] rows, int inputs, int outputs)
    {
        int count = rows.Length / inputs;
        var classes = new int[count];
        for (int start = 0; start < count; start += 256)
        {
            int batch = Math.Min(256, count - start);
            var output = new float[batch * outputs];
            predict(rows[(start * inputs)..((start + batch) * inputs)], batch, output);
            for (int r = 0; r < batch; r++)
            {
                var row = output.AsSpan(r * outputs, outputs);
                classes[start + r] = row.IndexOf(Max(row));
            }
        }

        return classes;
    }

    public void Dispose() => Folder.Dispose();

    private static float Max(ReadOnlySpan<float> row)
    {
        float best = row[0];
        foreach (float value in row) best = value > best ? value : best;
        return best;
    }
}
