using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>
/// A model given as --model, whichever format the file is in: the network, its class labels, and
/// a line describing the file for `info`.
/// </summary>
/// <param name="Network">The network, ready for inference.</param>
/// <param name="ClassLabels">One label per output; null for an ONNX model or a version-1 model file (then outputs are named by index).</param>
/// <param name="Format">The file's format for display, e.g. "format SIMDNNMF version 2 (...)" or "ONNX (ir_version 7, opset 13, producer ...)".</param>
/// <param name="FromOnnx">True when the file is an ONNX model (imported; it has no checksum and no class labels).</param>
internal sealed record LoadedModel(Network Network, IReadOnlyList<string>? ClassLabels, string Format, bool FromOnnx)
{
    /// <summary>Classification or regression: recorded in a model file (version 3; older files are classification); for an ONNX model, <see cref="OnnxTask"/>.</summary>
    public ModelTask Task { get; init; }

    /// <summary>
    /// An ONNX model records no task: one identity output is taken for regression, anything else for
    /// classification (a softmax or sigmoid output, or several raw outputs, which are logits in a PyTorch export).
    /// </summary>
    public static ModelTask OnnxTask(Network network) =>
        network.OutputSize == 1 && network.Layers[^1].Activation == Activation.Identity ? ModelTask.Regression : ModelTask.Classification;

    /// <summary>The network and its labels, the two things every command but `info` needs.</summary>
    public void Deconstruct(out Network network, out IReadOnlyList<string>? classLabels)
    {
        network = Network;
        classLabels = ClassLabels;
    }
}
