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
    /// <summary>The network and its labels, the two things every command but `info` needs.</summary>
    public void Deconstruct(out Network network, out IReadOnlyList<string>? classLabels)
    {
        network = Network;
        classLabels = ClassLabels;
    }
}
