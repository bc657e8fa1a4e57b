using Nn.Dense;
using Nn.Dense.Onnx;
using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>
/// Real torch.onnx.export output from libonnx-testdata (data/pytorch-converted: nn.Linear exported by
/// PyTorch at opset 6, IR 3, initializers listed as graph inputs, the opset-6 Gemm 'broadcast'
/// attribute, and Transpose + MatMul for a bias-free Linear), loaded by our importer and run by our
/// kernels against the outputs PyTorch computed.
/// </summary>
public class PyTorchExportTests
{
    private const string Root = "/usr/share/libonnx-testdata/data";

    [Theory]
    [InlineData("pytorch-converted/test_Linear")]
    [InlineData("pytorch-converted/test_Linear_no_bias")]
    public void Exported_nn_Linear_loads_and_matches_PyTorch(string name)
    {
        string folder = Path.Combine(Root, name);
        Assert.True(Directory.Exists(folder), $"{folder} is missing: run scripts/setup.sh (it installs libonnx-testdata).");
        var network = OnnxImport.Load(Path.Combine(folder, "model.onnx"));
        var input = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "input_0.pb")));
        var expected = OnnxTensorProto.Parse(File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", "output_0.pb")));
        int batch = (int)input.Dims[0];
        Assert.Equal(input.Dims[1], network.InputSize);
        Assert.Equal(expected.Dims[1], network.OutputSize);
        var x = input.ToFloats(name);
        var want = expected.ToFloats(name);
        var got = new float[want.Length];
        network.Predict(x, batch, got);

        // PyTorch and we each lie within d of the exact value (ReferenceForward's bound), so within 2d of each other.
        var layers = LayerSpec.FromNetwork(network);
        for (int row = 0; row < batch; row++)
        {
            var (_, bound) = ReferenceForward.Run(layers, x.AsSpan(row * network.InputSize, network.InputSize));
            for (int i = 0; i < network.OutputSize; i++)
            {
                int at = row * network.OutputSize + i;
                Assert.True(Math.Abs(got[at] - want[at]) <= 2 * bound[i], $"{name}, sample {row}, output {i}: got {got[at]:R}, PyTorch {want[at]:R}, 2d = {2 * bound[i]:E3}");
            }
        }
    }

    [Fact]
    public void Exported_matrix_product_of_two_inputs_is_refused()
    {
        // torch.mm(x, y) of two runtime inputs: not a layer with fixed weights.
        string path = Path.Combine(Root, "pytorch-operator/test_operator_mm/model.onnx");
        var error = Assert.Throws<NotSupportedException>(() => OnnxImport.Load(path));
        Assert.Contains("2 inputs", error.Message, StringComparison.Ordinal);
    }
}
