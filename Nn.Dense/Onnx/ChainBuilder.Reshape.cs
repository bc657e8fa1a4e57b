namespace Nn.Dense.Onnx;

/// <summary>Flatten and Reshape: accepted when the value stays (or becomes) [batch, features], so they are no-ops for a dense chain.</summary>
internal sealed partial class ChainBuilder
{
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

    /// <summary>
    /// Reshape with a constant shape [b, f] that keeps the batch: b is −1 (with f a fixed count), 0 (copy the batch;
    /// allowzero = 0), or the graph input's fixed batch size (what torch.onnx writes for x.view(x.size(0), −1) after
    /// constant folding a fixed-batch export); f is −1 (flatten the rest) or the feature count. Before the first
    /// layer it flattens the graph input like Flatten(axis 1); later it must leave the width as it is.
    /// </summary>
    private void VisitReshape(OnnxNodeProto node, string where, OnnxValueInfoProto input)
    {
        long allowZero = 0;
        foreach (var attribute in node.Attributes)
        {
            if (attribute.Name != "allowzero") throw attribute.Unsupported(where);
            allowZero = attribute.IntValue(where);
        }

        if (node.Inputs.Count != 2 || node.Inputs[0] != current) throw new NotSupportedException($"{where}: Reshape must take the chain's value '{current}' and a constant shape.");
        long[] shape = ShapeConstant(node.Inputs[1], where);
        long? fixedBatch = input.HasShape && input.Shape.Count > 0 ? input.Shape[0] : null;
        long? features = layers.Count == 0 && inputRank != 2 ? InputWidth(input, flattened: true) : width;
        string shown = $"[{string.Join(", ", shape)}]";
        const string Kept = "only a shape that keeps [batch, features] is supported: [-1, features], [0, -1] or [batch, -1]";
        if (shape is not [long batchDim, long featureDim])
        {
            throw new NotSupportedException($"{where}: Reshape to {shown} is not supported ({Kept}).");
        }

        bool batchKept = batchDim == -1 ? featureDim > 0 : (batchDim == 0 && allowZero == 0) || (batchDim > 0 && batchDim == fixedBatch);
        if (!batchKept || featureDim is 0 or < -1)
        {
            throw new NotSupportedException($"{where}: Reshape to {shown} is not supported ({Kept}, with batch the graph input's fixed batch size).");
        }

        if (featureDim > 0 && features is { } known && known != featureDim)
        {
            throw new NotSupportedException($"{where}: Reshape to {shown} of a value with {known} features would change the batch ({Kept}).");
        }

        width = featureDim > 0 ? featureDim : features;
        inputRank = 2;
    }

    private long[] ShapeConstant(string name, string where)
    {
        if (!constants.TryGetValue(name, out var tensor)) throw new NotSupportedException($"{where}: the shape '{name}' is not a constant; only a constant shape is supported.");
        if (tensor.IsExternal) throw new NotSupportedException($"{where}: tensor '{name}' keeps its data in an external file, which is not supported.");
        if (tensor.DataType != OnnxDataType.Int64 || tensor.HasOtherTypedData || tensor.Dims.Count != 1)
        {
            throw new InvalidDataException($"{where}: the shape '{name}' is a rank-{tensor.Dims.Count} {tensor.DataType} tensor; Reshape takes a rank-1 INT64 shape.");
        }

        return tensor.ToInt64s(where);
    }
}
