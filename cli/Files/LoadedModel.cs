using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>
/// A model given as --model, whichever format the file is in: the model to run, its class labels, and
/// a line describing the file for `info`.
/// </summary>
/// <param name="Model">The model, ready for inference: a float network, or a quantized one.</param>
/// <param name="ClassLabels">One label per output; null for an ONNX model or a version-1 model file (then outputs are named by index).</param>
/// <param name="Format">The file's format for display, e.g. "format SIMDNNMF version 2 (...)" or "ONNX (ir_version 7, opset 13, producer ...)".</param>
/// <param name="FromOnnx">True when the file is an ONNX model (imported; it has no checksum and no class labels).</param>
internal sealed record LoadedModel(InferenceModel Model, IReadOnlyList<string>? ClassLabels, string Format, bool FromOnnx)
{
    /// <summary>Classification or regression: recorded in a model file (version 3; older files are classification); for an ONNX model, <see cref="OnnxTask"/>.</summary>
    public ModelTask Task { get; init; }

    /// <summary>True for a quantized model file (int8 or bfloat16 weights).</summary>
    public bool Quantized => Model.Float is null;

    /// <summary>
    /// An ONNX model records no task: one identity output is taken for regression, anything else for
    /// classification (a softmax or sigmoid output, or several raw outputs, which are logits in a PyTorch export).
    /// </summary>
    public static ModelTask OnnxTask(Network network) =>
        network.OutputSize == 1 && network.Layers[^1].Activation == Activation.Identity ? ModelTask.Regression : ModelTask.Classification;

    /// <summary>The float network, for a command that works on one (quantize, export); a quantized file is refused in one line saying what it is.</summary>
    /// <exception cref="CliException">The model is quantized.</exception>
    public Network RequireFloat(string path, string why) => Model.Float
        ?? throw CliException.DataError($"{path} is a {Model.Kind} model: {why}");

    /// <summary>The model and its labels, the two things every command but `info` needs.</summary>
    public void Deconstruct(out InferenceModel model, out IReadOnlyList<string>? classLabels)
    {
        model = Model;
        classLabels = ClassLabels;
    }
}
