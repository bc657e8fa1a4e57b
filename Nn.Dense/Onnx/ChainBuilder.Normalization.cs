using System.Globalization;

namespace Nn.Dense.Onnx;

/// <summary>
/// BatchNormalization (folded into the weights), LayerNormalization (the layer's own normalization) and Dropout
/// (the identity at inference), in PyTorch's block order Linear → normalization → activation → dropout.
/// </summary>
internal sealed partial class ChainBuilder
{
    // A batch normalization after an activation (or before the first layer) as the map a ↦ s⊙a + t on the next layer's input.
    private double[]? pendingScale;
    private double[]? pendingShift;
    private string pendingWhere = "";

    // The diagonal layer's n² weights stay a few MiB, so a small hostile file cannot make the import allocate gigabytes.
    private const int MaxDiagonalFeatures = 1024;

    /// <summary>
    /// BatchNormalization in its inference form, Y = scale·(X − mean)/√(var + ε) + B = s⊙X + t with s = scale/√(var + ε)
    /// and t = B − s⊙mean. Directly after a linear layer (before its activation) it is folded into that layer exactly:
    /// W' = diag(s)·W, b' = s⊙b + t. After the activation it is folded into the next layer: W' = W·diag(s), b' = b + W·t;
    /// after the last layer's activation it becomes an extra identity layer with weights diag(s) and bias t.
    /// </summary>
    private void VisitBatchNormalization(OnnxNodeProto node, string where)
    {
        double epsilon = 1e-5;
        foreach (var attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "epsilon": epsilon = attribute.FloatValue(where); break;
                case "momentum": break;   // the running statistics' update rate: training only
                case "is_test" or "consumed_inputs" when opset < 7: break;
                case "spatial" when attribute.IntValue(where) == 1: break;
                case "training_mode" when attribute.IntValue(where) == 0: break;
                case "training_mode": throw TrainingModeRefusal(where, "has training_mode = 1");
                default: throw attribute.Unsupported(where);
            }
        }

        if (node.Inputs.Count != 5 || node.Inputs.Any(n => n.Length == 0))
        {
            throw new InvalidDataException($"{where}: BatchNormalization takes 5 inputs (X, scale, B, input_mean, input_var), not {node.Inputs.Count(n => n.Length > 0)}.");
        }

        if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be BatchNormalization's first input X.");
        if (layers.Count == 0 && inputRank != 2)
        {
            throw new NotSupportedException($"{where}: BatchNormalization of a rank-{inputRank} input normalizes channels; only [batch, features] is supported.");
        }

        var gamma = Vector(node.Inputs[1], where, "scale");
        var beta = Vector(node.Inputs[2], where, "B");
        var mean = Vector(node.Inputs[3], where, "input_mean");
        var variance = Vector(node.Inputs[4], where, "input_var");
        int features = gamma.Length;
        if (beta.Length != features || mean.Length != features || variance.Length != features)
        {
            throw new InvalidDataException($"{where}: scale, B, input_mean and input_var have {features}, {beta.Length}, {mean.Length} and {variance.Length} values; they must be equal.");
        }

        if (width is { } known && known != features) throw new InvalidDataException($"{where}: normalizes {features} features but the previous value has {known}.");
        var scale = new double[features];
        var shift = new double[features];
        for (int j = 0; j < features; j++)
        {
            double denominator = variance[j] + epsilon;
            if (!(denominator > 0))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{where}: input_var + epsilon is {denominator:R} for feature {j}; it must be positive."));
            }

            scale[j] = gamma[j] / Math.Sqrt(denominator);
            shift[j] = beta[j] - scale[j] * mean[j];
        }

        awaitingBias = false;
        if (layers.Count > 0 && layers[^1].Activation is null)
        {
            layers[^1].ScaleOutputs(scale, shift);
            return;
        }

        if (pendingScale is { } earlierScale && pendingShift is { } earlierShift)
        {
            // Two in a row: s⊙(s₁⊙a + t₁) + t.
            for (int j = 0; j < features; j++) (scale[j], shift[j]) = (scale[j] * earlierScale[j], scale[j] * earlierShift[j] + shift[j]);
        }

        (pendingScale, pendingShift, pendingWhere) = (scale, shift, $"Node {node.Describe()}");
    }

    /// <summary>Folds a batch normalization waiting since the previous activation into <paramref name="layer"/>'s input.</summary>
    private void ApplyPendingNormalization(LayerParts layer, string where)
    {
        if (pendingScale is not { } scale || pendingShift is not { } shift) return;
        if (scale.Length != layer.Inputs)
        {
            throw new InvalidDataException($"{pendingWhere}: normalizes {scale.Length} features but the next layer, {where}, takes {layer.Inputs}.");
        }

        layer.ScaleInputs(scale, shift);
        (pendingScale, pendingShift) = (null, null);
    }

    /// <summary>A batch normalization after the last activation: an extra identity layer y = diag(s)·a + t.</summary>
    private void AppendPendingNormalization()
    {
        if (pendingScale is not { } scale || pendingShift is not { } shift) return;
        if (scale.Length > MaxDiagonalFeatures)
        {
            throw new NotSupportedException(
                $"{pendingWhere}: a batch normalization after the last activation becomes an identity layer of {scale.Length} × {scale.Length} weights; " +
                $"more than {MaxDiagonalFeatures} features is not supported.");
        }

        layers.Add(LayerParts.Diagonal(scale, shift));
        width = scale.Length;
        warnings.Add($"{pendingWhere} follows the last layer's activation, so it became an extra identity layer with diagonal weights ({scale.Length} × {scale.Length}).");
        (pendingScale, pendingShift) = (null, null);
    }

    /// <summary>
    /// LayerNormalization (opset 17, or fused from its opset-13 decomposition by <see cref="NormalizationPatterns"/>) over the
    /// last axis, directly after a linear layer: that layer's <see cref="Normalization.Layer"/> with the node's γ and β. The
    /// epsilon must be the layer's (10⁻⁵, PyTorch's default), since a <see cref="DenseLayer"/> has no other.
    /// </summary>
    private void VisitLayerNormalization(OnnxNodeProto node, string where)
    {
        long axis = -1;
        float epsilon = LayerNormalization.Epsilon;
        foreach (var attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "axis": axis = attribute.IntValue(where); break;
                case "epsilon": epsilon = attribute.FloatValue(where); break;
                case "stash_type": break;   // the precision of the statistics, float or wider: either is within float rounding
                default: throw attribute.Unsupported(where);
            }
        }

        if (axis is not (-1 or 1)) throw new NotSupportedException($"{where}: LayerNormalization over axis {axis} is not supported (only the feature axis, -1 or 1).");
        if (node.Inputs.Count is < 2 or > 3 || node.Inputs[0] != current)
        {
            throw new NotSupportedException($"{where}: LayerNormalization must take the chain's value '{current}', a constant Scale and an optional constant B.");
        }

        if (layers.Count == 0 || layers[^1].Activation is { } || layers[^1].HasLayerNormalization)
        {
            string place = layers.Count == 0 ? "comes before the first linear layer"
                : layers[^1].Activation is { } activation ? $"follows the layer's activation ({activation})" : "follows another layer normalization";
            throw new NotSupportedException(
                $"{where}: LayerNormalization is supported only between a linear layer and its activation (PyTorch's block order Linear → LayerNorm → activation); here it {place}.");
        }

        if (epsilon != LayerNormalization.Epsilon)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: LayerNormalization epsilon {epsilon:R} is not supported (simd-nn's layer normalization uses {LayerNormalization.Epsilon:R}, PyTorch's default)."));
        }

        var layer = layers[^1];
        // An empty Scale (the fused decomposition of a LayerNorm without elementwise_affine) is γ = 1.
        var gamma = node.Inputs[1].Length > 0 ? Vector(node.Inputs[1], where, "Scale") : Enumerable.Repeat(1f, layer.Outputs).ToArray();
        var beta = node.Inputs.Count == 3 && node.Inputs[2].Length > 0 ? Vector(node.Inputs[2], where, "B") : new float[layer.Outputs];
        if (gamma.Length != layer.Outputs || beta.Length != layer.Outputs)
        {
            throw new InvalidDataException($"{where}: Scale and B have {gamma.Length} and {beta.Length} values; the layer has {layer.Outputs} outputs.");
        }

        layer.SetLayerNormalization(gamma, beta);
        awaitingBias = false;
    }

    /// <summary>Dropout: the identity at inference, whether exported in eval form (one output) or train form (ratio and training_mode inputs, a mask output nothing reads).</summary>
    private void VisitDropout(OnnxNodeProto node, string where)
    {
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name is not ("ratio" or "is_test" or "seed")) throw attribute.Unsupported(where);
        }

        if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be Dropout's first input.");
        if (node.Outputs.Count > 1 || node.Inputs.Count > 2)
        {
            warnings.Add($"{where} was exported in training form (a training_mode input or a mask output); Predict runs it as the identity, as at inference.");
        }
    }

    /// <summary>
    /// Lets a node with several outputs through when only the first is used: Dropout's mask and LayerNormalization's saved
    /// statistics. BatchNormalization's extra outputs are the running statistics of training mode, refused as such.
    /// </summary>
    private void RequireOneUsedOutput(OnnxNodeProto node, string where)
    {
        if (node.OpType == "BatchNormalization" && node.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw TrainingModeRefusal(where, $"has {node.Outputs.Count} outputs");
        }

        if (node.OpType is "Dropout" or "LayerNormalization" && node.Outputs.Count > 1 && node.Outputs[0].Length > 0)
        {
            string? read = node.Outputs.Skip(1).FirstOrDefault(o => o.Length > 0 && consumed.Contains(o));
            if (read is null) return;
            throw new NotSupportedException($"{where}: its extra output '{read}' is used; a dense chain uses only a {node.OpType}'s first output.");
        }

        throw new NotSupportedException(
            $"{where}: has {node.Outputs.Count} outputs; only single-output nodes form a chain (and Dropout and LayerNormalization with unused extra outputs).");
    }

    private static NotSupportedException TrainingModeRefusal(string where, string evidence) => new(
        $"{where}: BatchNormalization in training mode (it {evidence}: batch statistics and running-statistics updates) is not supported; " +
        "export the model in eval mode (model.eval(), or torch.onnx.export(..., training=TrainingMode.EVAL)) so that the running statistics are used.");

    /// <summary>A per-feature parameter: a rank-1 float constant.</summary>
    private float[] Vector(string name, string where, string role)
    {
        var tensor = Parameter(name, where, role);
        if (tensor.Dims.Count != 1) throw new NotSupportedException($"{where}: {role} '{name}' has rank {tensor.Dims.Count}; a rank-1 vector (one value per feature) is expected.");
        return tensor.ToFloats(where);
    }
}
