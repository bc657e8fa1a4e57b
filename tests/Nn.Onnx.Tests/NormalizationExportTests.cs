using Nn.Dense;

namespace Nn.Onnx.Tests;

/// <summary>Export of layers with batch normalization (folded into their Gemm) and dropout (left out, as at inference).</summary>
public class NormalizationExportTests
{
    [Fact]
    public void Batch_normalization_is_folded_into_the_gemm_and_onnx_runtime_agrees_with_predict()
    {
        var network = new Network(
            new DenseLayer(7, 9, Activation.Relu, Normalization.Batch, dropoutRate: 0.3f),
            new DenseLayer(9, 4, Activation.Softmax, Normalization.Batch));
        network.Initialize(3);
        var random = new Random(4);
        foreach (var layer in network.Layers)
        {
            for (int j = 0; j < layer.Outputs; j++)
            {
                layer.NormalizationScale[j] = (float)(0.5 + random.NextDouble());
                layer.NormalizationShift[j] = (float)(random.NextDouble() - 0.5);
                layer.RunningMean[j] = (float)(random.NextDouble() - 0.5);
                layer.RunningVariance[j] = (float)(0.5 + random.NextDouble());
            }
        }

        var inputs = RandomData.Uniform(random, 5 * 7, 2f);
        var ours = new float[5 * 4];
        network.Predict(inputs, 5, ours);
        var peer = OrtRunner.Run(ExportTests.Export(network), inputs, 5, 7);
        // The same folded float weights on both sides; only the order of 9-term sums differs: a few 1e-7.
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - peer[i]) <= 1e-6, $"[{i}] {ours[i]} vs {peer[i]}");
    }

    [Fact]
    public void Layer_normalization_is_written_at_opset_17_and_onnx_runtime_agrees_with_predict()
    {
        var network = new Network(new DenseLayer(3, 4, Activation.Relu, Normalization.Layer), new DenseLayer(4, 2, Activation.Identity));
        network.Initialize(5);
        var random = new Random(6);
        for (int j = 0; j < 4; j++)
        {
            network.Layers[0].NormalizationScale[j] = (float)(0.5 + random.NextDouble());
            network.Layers[0].NormalizationShift[j] = (float)(random.NextDouble() - 0.5);
        }

        var bytes = ExportTests.Export(network);
        var model = Nn.Dense.Onnx.OnnxModelProto.Parse(bytes);
        Assert.Equal((OnnxExport.LayerNormalizationOpsetVersion, OnnxExport.LayerNormalizationIrVersion), (model.OpsetImports.Single().Version, model.IrVersion));
        Assert.Contains(model.Graph!.Nodes, n => n.OpType == "LayerNormalization");
        var inputs = RandomData.Uniform(random, 5 * 3, 2f);
        var ours = new float[5 * 2];
        network.Predict(inputs, 5, ours);
        var peer = OrtRunner.Run(bytes, inputs, 5, 3);
        NormalizedAgreement.Assert(NormalizedAgreement.StepsOf(network), inputs, 5, ours, at => peer[at], "layer normalization exported");
    }

    [Fact]
    public void Without_layer_normalization_the_opset_stays_13()
    {
        var network = new Network(new DenseLayer(3, 4, Activation.Relu, Normalization.Batch), new DenseLayer(4, 2, Activation.Identity));
        var model = Nn.Dense.Onnx.OnnxModelProto.Parse(ExportTests.Export(network));
        Assert.Equal((OnnxExport.OpsetVersion, OnnxExport.IrVersion), (model.OpsetImports.Single().Version, model.IrVersion));
    }
}
