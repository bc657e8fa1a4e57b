using Nn.Dense;
using Nn.Dense.Onnx;

namespace Nn.Onnx.Tests;

/// <summary>Near-misses of the multi-node activation patterns and unsupported Clip bounds are refused with a message naming the cause.</summary>
public class ActivationPatternRefusalTests
{
    private static OnnxModelProto Export(params DenseLayer[] layers) => OnnxExport.ToModel(new Network(layers));

    private static T Refused<T>(OnnxModelProto model, params string[] fragments)
        where T : Exception
    {
        var error = Assert.Throws<T>(() => OnnxImport.Load(new MemoryStream(model.ToArray())));
        foreach (string fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [InlineData(0f, 5f)]
    [InlineData(-1f, 6f)]
    [InlineData(0f, 1e30f)]
    public void Clip_with_other_bounds_than_0_and_6_is_refused_naming_the_bounds(float min, float max)
    {
        var model = Export(new DenseLayer(3, 2, Activation.Relu6));
        var graph = model.Graph!;
        var clip = graph.Nodes.Single(n => n.OpType == "Clip");
        graph.Initializers.Single(t => t.Name == clip.Inputs[1]).RawData = BitConverter.GetBytes(min);
        graph.Initializers.Single(t => t.Name == clip.Inputs[2]).RawData = BitConverter.GetBytes(max);
        Refused<NotSupportedException>(model, "Clip", $"min {min.ToString(System.Globalization.CultureInfo.InvariantCulture)}", $"max {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "ReLU6");
    }

    [Fact]
    public void A_GELU_with_a_wrong_constant_is_not_fused_and_is_refused()
    {
        var model = Export(new DenseLayer(3, 2, Activation.Gelu));
        var half = model.Graph!.Initializers.Single(t => t.Name.EndsWith(".half", StringComparison.Ordinal));
        half.RawData = BitConverter.GetBytes(0.4f);
        Refused<NotSupportedException>(model, "Div", "not supported");
    }

    [Fact]
    public void A_sigmoid_gate_on_another_value_is_a_branch_not_SiLU()
    {
        // Sigmoid(z) multiplied by a value other than z is not SiLU: the Mul reads two data values.
        var model = Export(new DenseLayer(3, 2, Activation.Silu));
        var graph = model.Graph!;
        graph.Nodes.Single(n => n.OpType == "Mul").Inputs[0] = "input";
        Refused<NotSupportedException>(model, "branches");
    }

    [Fact]
    public void A_layer_after_LogSoftmax_is_refused()
    {
        var model = Export(new DenseLayer(3, 2, Activation.Relu), new DenseLayer(2, 2, Activation.Identity));
        model.Graph!.Nodes.Single(n => n.OpType == "Relu").OpType = "LogSoftmax";
        Refused<NotSupportedException>(model, "after LogSoftmax");
    }
}
