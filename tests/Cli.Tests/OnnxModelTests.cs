using System.Globalization;
using Nn.Dense;

namespace Cli.Tests;

/// <summary>
/// An ONNX model as --model (issue 17): the iris model exported by `simd-nn export`, then given to
/// evaluate, predict, info and export as .onnx and under other names (the format is told by content).
/// Export writes the float32 weights and biases bit for bit and import reads them back bit for bit,
/// into the same layers (Gemm with transB = 1, then the activation), so Predict runs the same
/// kernels on the same numbers: every output must be exactly equal to the .snn's, not merely close.
/// </summary>
public class OnnxModelTests(IrisModelFixture iris) : IClassFixture<IrisModelFixture>
{
    private const int Data = 1;

    [Fact]
    public void Import_gives_back_the_exact_weights_and_biases_of_the_exported_model()
    {
        using var folder = Exported();
        var saved = ModelFile.Load(iris.Model).Network;
        var imported = OnnxImport.Load(folder.File("m.onnx"));
        Assert.Equal(saved.Layers.Count, imported.Layers.Count);
        for (int i = 0; i < saved.Layers.Count; i++)
        {
            Assert.Equal((saved.Layers[i].Inputs, saved.Layers[i].Outputs, saved.Layers[i].Activation),
                (imported.Layers[i].Inputs, imported.Layers[i].Outputs, imported.Layers[i].Activation));
            Assert.Equal(saved.Layers[i].ReadOnlyWeights.ToArray(), imported.Layers[i].ReadOnlyWeights.ToArray());
            Assert.Equal(saved.Layers[i].Biases.ToArray(), imported.Layers[i].Biases.ToArray());
        }
    }

    [Theory]
    [InlineData("m.onnx")]
    [InlineData("m.bin")]
    [InlineData("m.snn")]
    public void Predict_with_the_onnx_file_prints_exactly_what_the_snn_prints(string name)
    {
        using var folder = Exported();
        var fromSnn = Tool.Run(folder.Path, "predict", "--model", iris.Model, "--input", IrisModelFixture.IrisCsv);
        var fromOnnx = Tool.Run(folder.Path, "predict", "--model", name, "--input", IrisModelFixture.IrisCsv);
        Assert.True(fromSnn.ExitCode == 0, fromSnn.ToString());
        Assert.True(fromOnnx.ExitCode == 0, fromOnnx.ToString());
        Assert.Equal(150, fromOnnx.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromSnn.Output, fromOnnx.Output);

        // An ONNX model has no class labels: --class prints output indices, the same classes as the labels.
        string[] names = ["setosa", "versicolor", "virginica"];
        var labels = Tool.Run(folder.Path, "predict", "--model", iris.Model, "--input", IrisModelFixture.IrisCsv, "--class");
        var indices = Tool.Run(folder.Path, "predict", "--model", name, "--input", IrisModelFixture.IrisCsv, "--class");
        Assert.True(indices.ExitCode == 0, indices.ToString());
        Assert.Equal(labels.Output.Split('\n').Select(l => Array.IndexOf(names, l)).Where(i => i >= 0),
            indices.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("m.onnx")]
    [InlineData("m.bin")]
    public void Evaluate_with_the_onnx_file_reports_exactly_what_the_snn_reports(string name)
    {
        using var folder = Exported();
        File.Copy(iris.Model, folder.File("iris.snn"));
        foreach (string[] data in new[] { new[] { "--data", "iris", "--seed", "1" }, ["--data", "iris", "--all"] })
        {
            var fromSnn = Tool.Run(folder.Path, ["evaluate", "--model", "iris.snn", .. data]);
            var fromOnnx = Tool.Run(folder.Path, ["evaluate", "--model", name, .. data]);
            Assert.True(fromOnnx.ExitCode == 0, fromOnnx.ToString());
            // The one difference is the model's name on the first line (iris's data names the classes as the model's labels do).
            Assert.StartsWith($"simd-nn evaluate: {name} on iris", fromOnnx.Output, StringComparison.Ordinal);
            Assert.Equal(fromSnn.Output.Replace("iris.snn", name, StringComparison.Ordinal), fromOnnx.Output);
        }

        // The model's input width is checked against the data as for a model file.
        Tool.AssertRefused(Tool.Run(folder.Path, "evaluate", "--model", name, "--data", "digits"), Data, $"the model {name} takes 4 inputs but");
    }

    [Fact]
    public void Info_says_the_model_came_from_onnx_with_its_opset_and_producer_and_shows_the_layers()
    {
        using var folder = Exported();
        var run = Tool.Run(folder.Path, "info", "--model", "m.bin");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("m.bin: 4 inputs, 3 outputs", run.Output, StringComparison.Ordinal);
        Assert.Contains($"parameters: {4 * 8 + 8 + 8 * 3 + 3}", run.Output, StringComparison.Ordinal);
        Assert.Contains("Softmax", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ONNX (ir_version {OnnxExport.IrVersion}, opset {OnnxExport.OpsetVersion}, producer simd-nn", run.Output, StringComparison.Ordinal);
        Assert.Contains("class labels: none in an ONNX model", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("checksum: OK", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_an_onnx_model_re_exports_it_unchanged()
    {
        using var folder = Exported();
        var run = Tool.Run(folder.Path, "export", "--model", "m.bin", "--onnx", "again.onnx");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllBytes(folder.File("m.onnx")), File.ReadAllBytes(folder.File("again.onnx")));
    }

    [Fact]
    public void A_truncated_corrupt_or_unsupported_onnx_file_is_refused_in_one_line()
    {
        using var folder = Exported();
        var bytes = File.ReadAllBytes(folder.File("m.onnx"));
        File.WriteAllBytes(folder.File("half.onnx"), bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(folder.File("short.snn"), bytes[..^1]);
        // The graph's length prefix (two varint bytes after its tag 0x3A, which follows the producer's name) made 16383, past the end.
        var corrupt = (byte[])bytes.Clone();
        int graph = IndexOf(bytes, "simd-nn:"u8) + "simd-nn:"u8.Length;
        (corrupt[graph], corrupt[graph + 1]) = (0xFF, 0x7F);
        File.WriteAllBytes(folder.File("corrupt.onnx"), corrupt);
        Tool.AssertRefused(Tool.Run(folder.Path, "info", "--model", "half.onnx"), Data, "half.onnx is not a valid ONNX model: ");
        Tool.AssertRefused(Tool.Run(folder.Path, "evaluate", "--model", "short.snn", "--data", "iris"), Data, "short.snn is not a valid ONNX model: ");
        Tool.AssertRefused(Tool.Run(folder.Path, "predict", "--model", "corrupt.onnx", "--input", IrisModelFixture.IrisCsv), Data, "corrupt.onnx is not a valid ONNX model: ");

        // A well-formed model with an operator outside the dense subset: the importer's reason, naming the node.
        int relu = IndexOf(bytes, "\"\u0004Relu"u8);
        var conv = (byte[])bytes.Clone();
        "Conv"u8.CopyTo(conv.AsSpan(relu + 2));
        File.WriteAllBytes(folder.File("conv.onnx"), conv);
        var convRun = Tool.Run(folder.Path, "info", "--model", "conv.onnx");
        Tool.AssertRefused(convRun, Data, "(Conv): operator 'Conv' is not supported");
        Assert.StartsWith("simd-nn: conv.onnx: this ONNX model is outside what simd-nn imports (a chain of dense layers): Node '", convRun.Error, StringComparison.Ordinal);

        // Neither format: the message names both.
        File.WriteAllText(folder.File("text.onnx"), "5.1,3.5,1.4,0.2\n");
        Tool.AssertRefused(Tool.Run(folder.Path, "info", "--model", "text.onnx"), Data,
            "text.onnx is not a valid model file: it is neither a simd-nn model (which starts with SIMDNNMF), a quantized model (SIMDNNQM) nor an ONNX model (a protobuf ModelProto)");
    }

    /// <summary>A folder holding the iris model exported as m.onnx, and copies of it named m.bin and m.snn.</summary>
    private TempFolder Exported()
    {
        var folder = new TempFolder();
        var run = Tool.Run(folder.Path, "export", "--model", iris.Model, "--onnx", "m.onnx");
        Assert.True(run.ExitCode == 0, run.ToString());
        File.Copy(folder.File("m.onnx"), folder.File("m.bin"));
        File.Copy(folder.File("m.onnx"), folder.File("m.snn"));
        return folder;
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> pattern)
    {
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, "pattern not in the exported file");
        return at;
    }
}
