using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// torch.onnx.export output (torch 1.13) of MLPs with BatchNorm1d (before and after the activation, after the last one,
/// with and without constant folding), LayerNorm (opset 17's node and opset 13's decomposition, with and without affine
/// parameters), Dropout (eval form, and train form with its mask output), float64 parameters and Reshape, made by
/// scripts/torch-normalization-onnx.py and committed under Reference/torch: imported, run by our kernels, compared with
/// PyTorch's outputs and with the double-precision reference of <see cref="ReferenceNormalizedForward"/> (whose remarks
/// derive the bound d); then exported again and run by ONNX Runtime, and imported back.
/// </summary>
public class TorchNormalizationTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Reference", "torch");

    /// <summary>Each export with the layer normalizations the import must give, per layer (batch normalization is folded away).</summary>
    public static TheoryData<string, string> Exports() => new()
    {
        { "bn_before_opset13", "None None" },
        { "bn_before_opset17", "None None" },
        { "bn_before_nofold_opset13", "None None" },
        { "bn_after_opset13", "None None" },
        { "bn_after_opset17", "None None" },
        { "bn_last_opset13", "None None None" },
        { "ln_opset13", "Layer None" },
        { "ln_opset17", "Layer None" },
        { "ln_plain_opset13", "Layer None" },
        { "dropout_train_opset13", "None None" },
        { "dropout_train_opset17", "None None" },
        { "double_opset13", "Layer None" },
        { "reshape_view_opset13", "None None" },
        { "reshape_view_dynamic_opset13", "None None" },
        { "reshape_view_dynamic_opset17", "None None" },
        { "reshape_view_dynamic_nofold_opset13", "None None" },
        { "reshape_features_opset13", "None None" },
    };

    private sealed record Export(Network Network, OnnxImportReport Report, float[] Inputs, double[] Expected, int Batch, System.Text.Json.JsonElement[] Steps);

    private static Export Load(string name)
    {
        string folder = Path.Combine(Root, name);
        Assert.True(Directory.Exists(folder), $"{folder} is missing: run /usr/bin/python3 scripts/torch-normalization-onnx.py.");
        var network = OnnxImport.Load(Path.Combine(folder, "model.onnx"), out var report);
        var input = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "input_0.pb")));
        var expected = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "output_0.pb")));
        var steps = ReferenceNormalizedForward.ReadSteps(Path.Combine(folder, "parameters.json"));
        return new Export(network, report, Floats(input, name), Doubles(expected, name), (int)input.Dims[0], steps);
    }

    // The float64 model's input holds float32 values widened (the script makes it so), so narrowing it is exact.
    private static float[] Floats(OnnxTensorProto tensor, string name) =>
        tensor.DataType == OnnxDataType.Double ? Array.ConvertAll(tensor.ToDoubles(name), v => (float)v) : tensor.ToFloats(name);

    private static double[] Doubles(OnnxTensorProto tensor, string name) =>
        tensor.DataType == OnnxDataType.Double ? tensor.ToDoubles(name) : Array.ConvertAll(tensor.ToFloats(name), v => (double)v);

    [Theory]
    [MemberData(nameof(Exports))]
    public void PyTorch_export_imports_and_matches_PyTorch(string name, string normalizations)
    {
        var export = Load(name);
        Assert.Equal(normalizations, string.Join(" ", export.Network.Layers.Select(l => l.Normalization)));
        var got = new float[export.Expected.Length];
        export.Network.Predict(export.Inputs, export.Batch, got);
        NormalizedAgreement.Assert(export.Steps, export.Inputs, export.Batch, got, at => export.Expected[at], name);
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void Imported_model_exports_runs_on_OnnxRuntime_and_imports_back_the_same(string name, string normalizations)
    {
        var export = Load(name);
        var network = export.Network;
        var bytes = OnnxExport.ToBytes(network);
        var ours = new float[export.Batch * network.OutputSize];
        network.Predict(export.Inputs, export.Batch, ours);
        var peer = OrtRunner.Run(bytes, export.Inputs, export.Batch, network.InputSize);
        NormalizedAgreement.Assert(export.Steps, export.Inputs, export.Batch, peer, at => ours[at], $"{name} re-exported, ONNX Runtime against ours");

        var model = OnnxModelProto.Parse(bytes);
        Assert.Equal(normalizations.Contains("Layer", StringComparison.Ordinal) ? 17 : 13, model.OpsetImports.Single().Version);
        var back = OnnxImport.Load(new MemoryStream(bytes), out var report);
        Assert.Empty(report.Warnings);
        Assert.Equal(normalizations, string.Join(" ", back.Layers.Select(l => l.Normalization)));
        var again = new float[ours.Length];
        back.Predict(export.Inputs, export.Batch, again);
        Assert.Equal(ours, again);
    }

    [Fact]
    public void The_import_report_says_what_changed()
    {
        Assert.Empty(Load("bn_before_opset13").Report.Warnings);
        Assert.False(Load("ln_opset17").Report.ConvertedFromDouble);

        var converted = Load("double_opset13").Report;
        Assert.True(converted.ConvertedFromDouble);
        Assert.Contains(converted.Warnings, w => w.Contains("float64", StringComparison.Ordinal) && w.Contains("float32", StringComparison.Ordinal));

        var dropout = Load("dropout_train_opset13").Report;
        Assert.Contains(dropout.Warnings, w => w.Contains("/2/Dropout", StringComparison.Ordinal) && w.Contains("identity", StringComparison.Ordinal));

        var last = Load("bn_last_opset13");
        Assert.Equal(3, last.Network.Layers.Count);
        Assert.Contains(last.Report.Warnings, w => w.Contains("/4/BatchNormalization", StringComparison.Ordinal) && w.Contains("diagonal", StringComparison.Ordinal));
    }

    [Fact]
    public void Layer_normalization_keeps_its_parameters()
    {
        // γ and β are the file's; the decomposed and the opset-17 forms of the same module give the same layer.
        var decomposed = Load("ln_opset13").Network.Layers[0];
        var node = Load("ln_opset17").Network.Layers[0];
        Assert.Equal(Activation.Gelu, node.Activation);
        Assert.Equal(node.NormalizationScale.ToArray(), decomposed.NormalizationScale.ToArray());
        Assert.Equal(node.NormalizationShift.ToArray(), decomposed.NormalizationShift.ToArray());
        Assert.Contains(node.NormalizationScale.ToArray(), g => g != 1f);
        Assert.All(Load("ln_plain_opset13").Network.Layers[0].NormalizationScale.ToArray(), g => Assert.Equal(1f, g));
    }

    [Theory]
    [InlineData("refuse_ln_after_activation_opset17", "/2/LayerNormalization", "follows the layer's activation")]
    [InlineData("refuse_ln_after_activation_opset13", "/2/ReduceMean", "follows the layer's activation")]
    [InlineData("refuse_bn_training_opset13", "/1/BatchNormalization", "training mode")]
    [InlineData("refuse_reshape_batch_opset13", "/0/Reshape", "[-1, 3]")]
    public void Models_outside_the_subset_are_refused_naming_the_operator_and_node(string name, string node, string why)
    {
        var error = Assert.Throws<NotSupportedException>(() => OnnxImport.Load(Path.Combine(Root, name, "model.onnx")));
        string op = node.Split('/')[^1];
        Assert.Contains(op == "ReduceMean" ? "LayerNormalization" : op, error.Message, StringComparison.Ordinal);
        Assert.Contains(node, error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }
}
