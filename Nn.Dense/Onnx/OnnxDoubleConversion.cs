using System.Globalization;

namespace Nn.Dense.Onnx;

/// <summary>
/// Turns a float64 model (what torch.onnx writes after <c>model.double()</c>) into the float32 model the
/// chain builder reads: DOUBLE initializers and Constant values become FLOAT tensors (each value rounded to
/// nearest), and a DOUBLE graph input or output is declared FLOAT. Predict then computes in float32, so its
/// results differ from the float64 model's by float32 rounding; the import report says so.
/// </summary>
internal static class OnnxDoubleConversion
{
    /// <summary>Converts <paramref name="graph"/> in place; if anything was DOUBLE, adds one warning to <paramref name="warnings"/> and returns true.</summary>
    /// <exception cref="InvalidDataException">A DOUBLE value is finite but beyond float32's range, or a DOUBLE tensor is self-contradicting.</exception>
    public static bool ToFloat(OnnxGraphProto graph, List<string> warnings)
    {
        int tensors = 0;
        long values = 0;
        for (int i = 0; i < graph.Initializers.Count; i++)
        {
            if (Convert(graph.Initializers[i]) is not { } converted) continue;
            graph.Initializers[i] = converted;
            tensors++;
            values += converted.ElementCount();
        }

        foreach (var node in graph.Nodes)
        {
            if (node.OpType != "Constant") continue;
            foreach (var attribute in node.Attributes)
            {
                if (attribute.Tensor is null || Convert(attribute.Tensor) is not { } converted) continue;
                attribute.Tensor = converted;
                tensors++;
                values += converted.ElementCount();
            }
        }

        var declared = graph.Inputs.Concat(graph.Outputs).Where(v => v.IsTensor && v.ElementType == OnnxDataType.Double).ToList();
        foreach (var value in declared) value.ElementType = OnnxDataType.Float;
        if (tensors == 0 && declared.Count == 0) return false;
        const string Consequence = "Predict computes in float32, so results differ from the float64 model by float32 rounding (about 6e-8 relative per value and operation).";
        warnings.Add(string.Create(CultureInfo.InvariantCulture,
            $"The model is float64 (DOUBLE): {tensors} tensors ({values} values) and {declared.Count} graph inputs and outputs were converted to float32; {Consequence}"));
        return true;
    }

    /// <summary>Rounds each value to float; a finite value that would become infinite is refused with <paramref name="overflow"/>(index).</summary>
    /// <exception cref="InvalidDataException">A finite value beyond float32's range.</exception>
    public static float[] Narrow(double[] values, Func<int, string> overflow)
    {
        var narrowed = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            narrowed[i] = (float)values[i];
            if (float.IsInfinity(narrowed[i]) && double.IsFinite(values[i])) throw new InvalidDataException(overflow(i));
        }

        return narrowed;
    }

    /// <summary>The FLOAT copy of a DOUBLE tensor, or null for any other tensor (left as it is, for the importer to judge).</summary>
    private static OnnxTensorProto? Convert(OnnxTensorProto tensor)
    {
        if (tensor.DataType != OnnxDataType.Double || tensor.IsExternal) return null;
        string owner = $"Tensor '{tensor.Name}'";
        if (tensor.HasOtherTypedData) throw new InvalidDataException($"{owner}: a DOUBLE tensor carries data in a field of another type.");
        var values = tensor.ToDoubles(owner);
        var narrowed = Narrow(values, i => string.Create(CultureInfo.InvariantCulture,
            $"{owner} holds {values[i]:R} at index {i}, beyond float32's range (±3.4028235e38): the float64 model cannot be converted to float32."));
        return OnnxTensorProto.FromFloats(tensor.Name, narrowed, [.. tensor.Dims]);
    }
}
