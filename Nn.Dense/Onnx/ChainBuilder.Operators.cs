namespace Nn.Dense.Onnx;

/// <summary>The translation of each supported operator into the layer being built.</summary>
internal sealed partial class ChainBuilder
{
    private void VisitConstant(OnnxNodeProto node, string where)
    {
        if (node.Inputs.Count != 0) throw new InvalidDataException($"{where}: a Constant node has no inputs.");
        if (node.Attributes.Count != 1 || node.Attributes[0].Name != "value" || node.Attributes[0].Tensor is null)
        {
            throw new NotSupportedException($"{where}: only Constant nodes with a tensor 'value' attribute are supported.");
        }

        if (!constants.TryAdd(node.Outputs[0], node.Attributes[0].Tensor!)) throw new InvalidDataException($"{where}: value '{node.Outputs[0]}' is defined twice.");
    }

    /// <summary>
    /// Folds Transpose(perm = [1, 0]) of a constant rank-2 weight into a new constant: older
    /// torch.onnx exports spell nn.Linear without bias as Transpose(W) then MatMul.
    /// </summary>
    private void VisitWeightTranspose(OnnxNodeProto node, string where)
    {
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name != "perm") throw attribute.Unsupported(where);
            if (attribute.Type is not (OnnxAttributeType.Ints or OnnxAttributeType.Undefined) || attribute.Ints is not [1, 0])
            {
                throw new NotSupportedException($"{where}: only Transpose with perm [1, 0] of a rank-2 weight is supported.");
            }
        }

        var tensor = Parameter(node.Inputs[0], where, "input");
        var (inputs, outputs, weights) = OnnxWeights.Matrix(tensor, transposed: false, where);

        // Matrix gives Wᵀ of the stored [rows × cols] tensor, i.e. exactly the transposed tensor.
        var transposed = OnnxTensorProto.FromFloats(node.Outputs[0], weights, outputs, inputs);
        if (!constants.TryAdd(node.Outputs[0], transposed)) throw new InvalidDataException($"{where}: value '{node.Outputs[0]}' is defined twice.");
    }

    private void VisitGemm(OnnxNodeProto node, string where)
    {
        float alpha = 1, beta = 1;
        long transA = 0, transB = 0;
        foreach (var attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "alpha": alpha = attribute.FloatValue(where); break;
                case "beta": beta = attribute.FloatValue(where); break;
                case "transA": transA = attribute.IntValue(where); break;
                case "transB": transB = attribute.IntValue(where); break;
                case "broadcast" when opset < 7:
                    // Opset 6 and older: broadcast = 1 allows C of shape [out] (what later opsets always allow).
                    if (attribute.IntValue(where) != 1) throw new NotSupportedException($"{where}: Gemm with broadcast = 0 is not supported.");
                    break;
                default: throw attribute.Unsupported(where);
            }
        }

        if (node.Inputs.Count is < 2 or > 3) throw new InvalidDataException($"{where}: Gemm takes 2 or 3 inputs, not {node.Inputs.Count}.");
        if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be Gemm's first operand A.");
        if (alpha != 1 || beta != 1) throw new NotSupportedException($"{where}: Gemm with alpha = {alpha}, beta = {beta} is not supported (only 1 and 1).");
        if (transA != 0) throw new NotSupportedException($"{where}: Gemm with transA = {transA} is not supported (the batch is the rows of A).");
        if (transB is not (0 or 1)) throw new InvalidDataException($"{where}: Gemm transB = {transB}; it must be 0 or 1.");

        var b = Parameter(node.Inputs[1], where, "B");
        var (inputs, outputs, weights) = OnnxWeights.Matrix(b, transposed: transB == 1, where);
        var layer = NewLayer(inputs, outputs, weights, where);
        if (node.Inputs.Count == 3 && node.Inputs[2].Length > 0) layer.AddBiases(OnnxWeights.Bias(Parameter(node.Inputs[2], where, "C"), outputs, where));
        awaitingBias = false;
    }

    private void VisitMatMul(OnnxNodeProto node, string where)
    {
        node.RequireNoAttributes(where);
        if (node.Inputs.Count != 2) throw new InvalidDataException($"{where}: MatMul takes 2 inputs, not {node.Inputs.Count}.");
        if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be MatMul's first operand (x·W).");
        var w = Parameter(node.Inputs[1], where, "W");
        var (inputs, outputs, weights) = OnnxWeights.Matrix(w, transposed: false, where);
        NewLayer(inputs, outputs, weights, where);
        awaitingBias = true;
    }

    private void VisitAdd(OnnxNodeProto node, string where)
    {
        node.RequireNoAttributes(where);
        if (!awaitingBias) throw new NotSupportedException($"{where}: Add is supported only as the bias directly after a MatMul.");
        if (node.Inputs.Count != 2) throw new InvalidDataException($"{where}: Add takes 2 inputs, not {node.Inputs.Count}.");
        string biasName = node.Inputs[0] == current ? node.Inputs[1] : node.Inputs[0];
        var layer = layers[^1];
        layer.AddBiases(OnnxWeights.Bias(Parameter(biasName, where, "bias"), layer.Outputs, where));
        awaitingBias = false;
    }

    private void VisitActivation(OnnxNodeProto node, string where)
    {
        if (layers.Count == 0 || layers[^1].Activation is not null)
        {
            throw new NotSupportedException($"{where}: an activation is supported only directly after a linear layer (Gemm, or MatMul + Add).");
        }

        var layer = layers[^1];
        awaitingBias = false;
        switch (node.OpType)
        {
            case "Relu": node.RequireNoAttributes(where); layer.Activation = Dense.Activation.Relu; break;
            case "Sigmoid": node.RequireNoAttributes(where); layer.Activation = Dense.Activation.Sigmoid; break;
            case "Tanh": node.RequireNoAttributes(where); layer.Activation = Dense.Activation.Tanh; break;
            case "LeakyRelu":
                layer.ActivationParameter = AlphaAttribute(node, where, 0.01f);
                layer.Activation = Dense.Activation.LeakyRelu;
                break;
            case "Elu":
                layer.ActivationParameter = AlphaAttribute(node, where, 1f);
                layer.Activation = Dense.Activation.Elu;
                break;
            case "Silu": node.RequireNoAttributes(where); layer.Activation = Dense.Activation.Silu; break;
            case "Gelu": layer.Activation = GeluForm(node, where); break;
            case "Clip": VisitClip(node, where, layer); break;
            default:
                CheckFeatureAxis(node, where);
                layer.Activation = node.OpType == "Softmax" ? Dense.Activation.Softmax : Dense.Activation.LogSoftmax;
                break;
        }
    }

    private static float AlphaAttribute(OnnxNodeProto node, string where, float alpha)
    {
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name != "alpha") throw attribute.Unsupported(where);
            alpha = attribute.FloatValue(where);
        }

        return alpha;
    }

    /// <summary>Gelu (opset 20, or fused by <see cref="ActivationPatterns"/>): approximate "none" is the exact form, "tanh" the approximation.</summary>
    private static Dense.Activation GeluForm(OnnxNodeProto node, string where)
    {
        var form = Dense.Activation.Gelu;
        foreach (var attribute in node.Attributes)
        {
            string value = attribute.Name == "approximate" && attribute.Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";
            form = value switch
            {
                "none" => Dense.Activation.Gelu,
                "tanh" => Dense.Activation.GeluTanh,
                _ => throw attribute.Unsupported(where),
            };
        }

        return form;
    }

    /// <summary>
    /// Clip with min 0 and max 6 is ReLU6 (nn.ReLU6 exports as it). The bounds are attributes before opset 11 and
    /// constant inputs from opset 11 on; an absent bound is unbounded. Other bounds are refused, naming them.
    /// </summary>
    private void VisitClip(OnnxNodeProto node, string where, LayerParts layer)
    {
        float min = float.MinValue, max = float.MaxValue;
        if (opset < 11)
        {
            foreach (var attribute in node.Attributes)
            {
                switch (attribute.Name)
                {
                    case "min": min = attribute.FloatValue(where); break;
                    case "max": max = attribute.FloatValue(where); break;
                    default: throw attribute.Unsupported(where);
                }
            }
        }
        else
        {
            node.RequireNoAttributes(where);
            if (node.Inputs.Count > 1 && node.Inputs[1].Length > 0) min = ClipBound(node.Inputs[1], where, "min");
            if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0) max = ClipBound(node.Inputs[2], where, "max");
        }

        if (min != 0 || max != 6)
        {
            throw new NotSupportedException(
                $"{where}: Clip with min {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} and max {max.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not supported (only min 0 and max 6, ReLU6).");
        }

        layer.Activation = Dense.Activation.Relu6;
    }

    private float ClipBound(string name, string where, string role)
    {
        var tensor = Parameter(name, where, role);
        if (tensor.ElementCount() != 1) throw new NotSupportedException($"{where}: Clip's {role} '{name}' is not a scalar.");
        return tensor.ToFloats(name)[0];
    }

    /// <summary>Refuses a Softmax or LogSoftmax node over another axis than the features.</summary>
    private void CheckFeatureAxis(OnnxNodeProto node, string where)
    {
        // Opset 13 made the default axis −1; before it, 1 (flatten from axis 1). For the
        // rank-2 batch × features tensor of a dense chain both mean the last axis.
        long axis = opset >= 13 ? -1 : 1;
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name != "axis") throw attribute.Unsupported(where);
            axis = attribute.IntValue(where);
        }

        if (axis is not (-1 or 1)) throw new NotSupportedException($"{where}: {node.OpType} over axis {axis} is not supported (only the feature axis, -1 or 1).");
    }
}
