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

    private void VisitFlatten(OnnxNodeProto node, string where, OnnxValueInfoProto input)
    {
        if (layers.Count > 0) throw new NotSupportedException($"{where}: Flatten is supported only before the first linear layer.");
        long axis = 1;
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name != "axis") throw attribute.Unsupported(where);
            axis = attribute.IntValue(where);
        }

        if (axis != 1) throw new NotSupportedException($"{where}: Flatten axis {axis} is not supported (only 1: keep the batch, flatten the rest).");
        width = InputWidth(input, flattened: true);
        inputRank = 2;
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
        if (node.Inputs.Count == 3 && node.Inputs[2].Length > 0) layer.Biases = OnnxWeights.Bias(Parameter(node.Inputs[2], where, "C"), outputs, where);
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
        layer.Biases = OnnxWeights.Bias(Parameter(biasName, where, "bias"), layer.Outputs, where);
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
                layer.NegativeSlope = 0.01f;
                foreach (var attribute in node.Attributes)
                {
                    if (attribute.Name != "alpha") throw attribute.Unsupported(where);
                    layer.NegativeSlope = attribute.FloatValue(where);
                }

                layer.Activation = Dense.Activation.LeakyRelu;
                break;
            default:
                // Opset 13 made the default axis −1; before it, 1 (flatten from axis 1). For the
                // rank-2 batch × features tensor of a dense chain both mean the last axis.
                long axis = opset >= 13 ? -1 : 1;
                foreach (var attribute in node.Attributes)
                {
                    if (attribute.Name != "axis") throw attribute.Unsupported(where);
                    axis = attribute.IntValue(where);
                }

                if (axis is not (-1 or 1)) throw new NotSupportedException($"{where}: Softmax over axis {axis} is not supported (only the feature axis, -1 or 1).");
                layer.Activation = Dense.Activation.Softmax;
                break;
        }
    }
}
