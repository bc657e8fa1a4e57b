namespace Nn.Dense.Onnx;

/// <summary>ONNX weight and bias tensors in the layout of a <see cref="DenseLayer"/>.</summary>
internal static class OnnxWeights
{
    /// <summary>A rank-2 weight as [outputs × inputs] row-major; <paramref name="transposed"/> means stored [out × in].</summary>
    public static (long Inputs, long Outputs, float[] Weights) Matrix(OnnxTensorProto tensor, bool transposed, string where)
    {
        if (tensor.Dims.Count != 2) throw new NotSupportedException($"{where}: weight '{tensor.Name}' has rank {tensor.Dims.Count}; only rank 2 is supported.");
        long rows = tensor.Dims[0], cols = tensor.Dims[1];
        if (rows is < 1 or > int.MaxValue || cols is < 1 or > int.MaxValue)
        {
            throw new InvalidDataException($"{where}: weight '{tensor.Name}' has dims [{rows}, {cols}]; each must be between 1 and {int.MaxValue}.");
        }

        var values = tensor.ToFloats(where);
        if (transposed) return (cols, rows, values);
        var weights = new float[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++) weights[c * rows + r] = values[r * cols + c];
        }

        return (rows, cols, weights);
    }

    /// <summary>A bias that broadcasts over the batch: [out], [1 × out], or a single value.</summary>
    public static float[] Bias(OnnxTensorProto tensor, long outputs, string where)
    {
        var values = tensor.ToFloats(where);
        bool leadingOnes = tensor.Dims.Take(Math.Max(0, tensor.Dims.Count - 1)).All(d => d == 1);
        if (tensor.Dims.Count <= 2 && leadingOnes && values.Length == outputs) return values;
        if (tensor.Dims.Count <= 2 && values.Length == 1) return Enumerable.Repeat(values[0], (int)outputs).ToArray();
        throw new InvalidDataException(
            $"{where}: bias '{tensor.Name}' with dims [{string.Join(", ", tensor.Dims)}] does not broadcast to batch × {outputs}.");
    }
}
