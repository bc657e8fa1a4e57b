using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>
/// Issue 16's bad inputs, end to end: each is refused with its exit code and one line naming the
/// problem, in bounded memory and time (<see cref="Tool.AssertRefused"/>), and leaves no output file.
/// </summary>
public class HardeningTests(IrisModelFixture iris) : IClassFixture<IrisModelFixture>
{
    private const int Usage = 2;
    private const int Data = 1;

    [Fact]
    public void Plot_equal_to_out_is_refused_before_training_and_the_model_survives()
    {
        using var folder = new TempFolder();
        File.Copy(iris.Model, folder.File("m.snn"));
        var run = Tool.Run(folder.Path, "train", "--data", "iris", "--out", "m.snn", "--plot", "m.snn");
        Tool.AssertRefused(run, Usage, "--out and --plot name the same file m.snn");
        Assert.DoesNotContain("epoch", run.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(iris.Model), File.ReadAllBytes(folder.File("m.snn")));
        Assert.Equal(["m.snn"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_onto_its_own_model_is_refused()
    {
        using var folder = new TempFolder();
        File.Copy(iris.Model, folder.File("m.snn"));
        Tool.AssertRefused(Tool.Run(folder.Path, "export", "--model", "m.snn", "--onnx", "./m.snn"), Usage, "--model and --onnx name the same file ./m.snn");
        Tool.AssertRefused(Tool.Run(folder.Path, "export", "--model", "m.snn", "--onnx", "other.snn"), Usage, "--onnx writes an ONNX model (.onnx), not a .snn file");
        Tool.AssertRefused(Tool.Run(folder.Path, "export", "--model", "m.snn", "--onnx", ""), Usage, "--onnx: the path is empty");
        Tool.AssertRefused(Tool.Run(folder.Path, "export", "--model", "m.snn", "--onnx", "sub/"), Usage, "--onnx sub/: names a folder");
        Tool.AssertRefused(Tool.Run(folder.Path, "export", "--model", "m.snn", "--onnx", "/proc/m.onnx"), Data, "--onnx /proc/m.onnx: cannot write in the folder /proc");
        Assert.Equal(File.ReadAllBytes(iris.Model), File.ReadAllBytes(folder.File("m.snn")));
        Assert.Equal(["m.snn"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_read_only_output_folder_is_refused_before_training_naming_the_users_path()
    {
        // root writes anywhere (then /proc/m.snn in ErrorTests covers the probe); permissions are a Unix matter here.
        if (OperatingSystem.IsWindows() || Environment.UserName == "root") return;
        using var folder = new TempFolder();
        var locked = Directory.CreateDirectory(folder.File("locked"));
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var run = Tool.Run(folder.Path, "train", "--data", "iris", "--out", "locked/m.snn");
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Tool.AssertRefused(run, Data, "--out locked/m.snn: cannot write in the folder");
        Assert.Empty(Directory.GetFileSystemEntries(locked.FullName));
    }

    [Fact]
    public void Plot_svg_writes_svg()
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, "train", "--data", "iris", "--layers", "4", "--epochs", "2", "--out", "m.snn", "--plot", "curve.SVG");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("<svg", File.ReadAllText(folder.File("curve.SVG")), StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_refuses_a_bad_first_row_instead_of_taking_it_for_a_header()
    {
        var run = Tool.RunWith(iris.Folder.Path, null, "5.1,3.5,1.4,O.2\n6.3,3.3,6.0,2.5\n", "predict", "--model", iris.Model, "--class");
        Tool.AssertRefused(run, Data, "stdin line 1: field 4 'O.2' is not a finite number");
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Predict_skip_bad_rows_keeps_output_lines_aligned_with_input_lines()
    {
        const string input = "5.1,3.5,1.4,O.2\n6.3,3.3,6.0,2.5\n\n1,2,3\n5.1,3.5,1.4,0.2\n";
        var run = Tool.RunWith(iris.Folder.Path, null, input, "predict", "--model", iris.Model, "--class", "--skip-bad-rows");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n')[..^1];
        Assert.Equal(5, lines.Length);
        Assert.Equal(["", "", ""], new[] { lines[0], lines[2], lines[3] });
        Assert.All(new[] { lines[1], lines[4] }, l => Assert.Contains(l, new[] { "setosa", "versicolor", "virginica" }));
        Assert.StartsWith("simd-nn: warning: 2 bad rows printed as empty lines; the first: stdin line 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("--skip-bad-rows", Tool.Run(iris.Folder.Path, "predict", "--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_skips_only_a_header_of_names()
    {
        var run = Tool.RunWith(iris.Folder.Path, null, "sepal length,sepal width,petal length,petal width,species\n6.3,3.3,6.0,2.5,2\n",
            "predict", "--model", iris.Model);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Predict_on_an_input_without_line_breaks_stops_in_bounded_memory()
    {
        var run = Tool.Run(iris.Folder.Path, "predict", "--model", iris.Model, "--input", "/dev/zero");
        Tool.AssertRefused(run, Data, "/dev/zero line 1: longer than 1,048,576 characters without a line break");
    }

    [Fact]
    public void A_model_too_large_for_a_model_file_is_refused_before_training()
    {
        using var folder = new TempFolder();
        // 60,000 features (under the loader's 65,536-column limit): 60,001 · 4500 weights and biases in
        // the first layer alone pass 2^28. (The 100,000 features now stop at that column limit.)
        var text = new StringBuilder();
        for (int row = 0; row < 4; row++)
        {
            text.Append(string.Join(',', Enumerable.Repeat(row % 2 == 0 ? "0" : "1", 60_000))).Append(',').Append(row % 2).Append('\n');
        }

        File.WriteAllText(folder.File("wide.csv"), text.ToString());
        var run = Tool.Run(folder.Path, "train", "--data", "wide.csv", "--layers", "4500", "--test-fraction", "0.5", "--out", "out/wide.snn");
        Tool.AssertRefused(run, Usage, "--layers 4500: the network 60000-4500-2 has 270,013,502 parameters; a model file holds at most 268,435,456 (ModelFile.MaxParameters)");
        Assert.False(Directory.Exists(folder.File("out")) && Directory.EnumerateFileSystemEntries(folder.File("out")).Any());
    }

    public static TheoryData<string, int, string> BadCsvFiles => new()
    {
        { "semicolons", Data, "seems to use ';' to separate fields; simd-nn reads UTF-8 (or ASCII) comma-separated values" },
        { "utf16", Data, "seems to be UTF-16 text" },
        { "two-rows", Data, "--test-fraction 0.2 of its 2 rows rounds to no test row in any class" },
        { "long-class-name", Data, "class 0 is named by 2000 bytes of text; a model file keeps class labels of at most 1024 bytes (ModelFile.MaxLabelBytes)" },
    };

    [Theory]
    [MemberData(nameof(BadCsvFiles))]
    public void A_csv_file_in_another_form_says_what_it_seems_to_be_and_what_is_expected(string kind, int exitCode, string message)
    {
        using var folder = new TempFolder();
        string iris = File.ReadAllText(IrisModelFixture.IrisCsv);
        string path = folder.File(kind + ".csv");
        switch (kind)
        {
            case "semicolons": File.WriteAllText(path, iris.Replace(',', ';')); break;
            case "utf16": File.WriteAllBytes(path, Encoding.Unicode.GetBytes(iris)); break;
            case "long-class-name": File.WriteAllText(path, $"4,1,{new string('x', 2000)},b\n1,0\n2,1\n1,0\n2,1\n"); break;
            default: File.WriteAllText(path, "1,2,0\n3,4,1\n"); break;
        }

        var run = Tool.Run(folder.Path, "train", "--data", path, "--out", "out/m.snn");
        Tool.AssertRefused(run, exitCode, message);
        Assert.False(Directory.Exists(folder.File("out")) && Directory.EnumerateFileSystemEntries(folder.File("out")).Any());
    }

    [Fact]
    public void An_onnx_file_given_as_model_is_loaded_as_onnx_whatever_its_name()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Tool.Run(folder.Path, "export", "--model", iris.Model, "--onnx", "m.onnx").ExitCode);
        File.Copy(folder.File("m.onnx"), folder.File("renamed.bin"));
        var info = Tool.Run(folder.Path, "info", "--model", "m.onnx");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("bytes, ONNX (ir_version", info.Output, StringComparison.Ordinal);
        var evaluate = Tool.Run(folder.Path, "evaluate", "--model", "renamed.bin", "--data", "iris");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Equal(30, Tool.Accuracy(evaluate.Output, "accuracy:").Total);
    }

    [Fact]
    public void A_named_pipe_as_model_is_refused_without_waiting_for_a_writer()
    {
        using var folder = new TempFolder();
        using (var mkfifo = Process.Start("mkfifo", folder.File("pipe")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Tool.AssertRefused(Tool.Run(folder.Path, "info", "--model", "pipe"), Data, "pipe is not a regular file (a pipe or device)");
    }

    [Fact]
    public void A_model_with_nan_weights_fails_info_and_predict_warns_once()
    {
        using var folder = new TempFolder();
        var network = new Network(new DenseLayer(4, 5, Activation.Relu), new DenseLayer(5, 3, Activation.Softmax));
        network.Initialize(1);
        network.Layers[1].Weights[2] = float.NaN;
        network.Layers[1].Biases[0] = float.PositiveInfinity;
        network.Save(folder.File("nan.snn"));

        var info = Tool.Run(folder.Path, "info", "--model", "nan.snn");
        Tool.AssertRefused(info, Data, "nan.snn has 2 non-finite parameters (NaN or infinity) in layer 2: 1 of 15 weights, 1 of 3 biases");
        Assert.Contains("checksum: OK", info.Output, StringComparison.Ordinal);

        var predict = Tool.RunWith(folder.Path, null, "1,2,3,4\n5,6,7,8\n", "predict", "--model", "nan.snn");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(2, predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var warning = Assert.Single(predict.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("simd-nn: warning: nan.snn has 2 non-finite parameters", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_saves_its_class_labels_and_older_label_free_files_still_work()
    {
        var info = Tool.Run(iris.Folder.Path, "info", "--model", iris.Model);
        Assert.Contains("class labels: setosa, versicolor, virginica", info.Output, StringComparison.Ordinal);
        Assert.Contains("version 2", info.Output, StringComparison.Ordinal);

        // A version 1 file (no labels): predict --class prints indices, evaluate the data's class names.
        using var folder = new TempFolder();
        ModelFile.Load(iris.Model).Network.Save(folder.File("v1.snn"));
        var old = Tool.Run(folder.Path, "info", "--model", "v1.snn");
        Assert.True(old.ExitCode == 0, old.ToString());
        Assert.Contains("version 1", old.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("class labels", old.Output, StringComparison.Ordinal);
        var indices = Tool.RunWith(folder.Path, null, "6.3,3.3,6.0,2.5\n", "predict", "--model", "v1.snn", "--class");
        Assert.True(int.TryParse(indices.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _), indices.ToString());
        Assert.Contains("virginica", Tool.Run(folder.Path, "evaluate", "--model", "v1.snn", "--data", "iris").Output, StringComparison.Ordinal);
    }
}
