namespace Nn.Dense.Tests.Reference;

/// <summary>
/// The documented quantization formulas in plain loops (WeightFormat.Int8, Int8Gemm.QuantizeWeights and QuantizeRows),
/// integer sums in int64 and the epilogue in double, with the bound of the kernel's float roundings.
/// </summary>
internal static class ReferenceQuantized
{
    public const double U = 1.0 / (1 << 24);

    /// <summary>scale_j = max_p |w_jp| / 127 (float32), code = clamp(RNE(w / scale), −127, 127); a zero scale gives codes 0.</summary>
    public static (sbyte[] Codes, float[] Scales) QuantizeWeights(float[] weights, int outputs, int inputs)
    {
        var codes = new sbyte[weights.Length];
        var scales = new float[outputs];
        for (int j = 0; j < outputs; j++)
        {
            float largest = 0;
            for (int p = 0; p < inputs; p++) largest = Math.Max(largest, Math.Abs(weights[j * inputs + p]));
            scales[j] = largest / 127f;
            if (scales[j] == 0) continue;
            for (int p = 0; p < inputs; p++) codes[j * inputs + p] = (sbyte)Math.Clamp(MathF.Round(weights[j * inputs + p] / scales[j]), -127f, 127f);
        }

        return (codes, scales);
    }

    /// <summary>lo = min(0, min x), hi = max(0, max x), scale = (hi − lo)/127 (1 when equal), zp = clamp(RNE(−lo/scale), 0, 127), code = clamp(RNE(x/scale) + zp, 0, 127).</summary>
    public static (int[] Codes, float Scale, int ZeroPoint) QuantizeRow(ReadOnlySpan<float> row)
    {
        float lo = 0, hi = 0;
        foreach (float value in row) (lo, hi) = (Math.Min(lo, value), Math.Max(hi, value));
        float scale = hi == lo ? 1f : (hi - lo) / 127f;
        int zeroPoint = (int)Math.Clamp(MathF.Round(-lo / scale), 0f, 127f);
        var codes = new int[row.Length];
        for (int c = 0; c < row.Length; c++) codes[c] = (int)Math.Clamp(MathF.Round(row[c] / scale) + zeroPoint, 0f, 127f);
        return (codes, scale, zeroPoint);
    }

    /// <summary>
    /// z = Σ_p (code_p − zp)·W_jp (exact, int64) · rowScale · scale_j + b_j in double, and the bound of the kernel's float
    /// epilogue, FMA((float)sum, fl(rowScale·scale_j), b_j): the sum converts exactly below 2^24 (else within u), the
    /// product of the scales and the FMA round once each, so |ẑ − z| ≤ 3u·(|z − b| + |z|).
    /// </summary>
    public static (double[] Z, double[] Bound) Int8Affine(ReadOnlySpan<float> row, sbyte[] codes, float[] scales, float[] bias)
    {
        var (activations, rowScale, zeroPoint) = QuantizeRow(row);
        int inputs = row.Length, outputs = bias.Length;
        var z = new double[outputs];
        var bound = new double[outputs];
        for (int j = 0; j < outputs; j++)
        {
            long sum = 0;
            for (int p = 0; p < inputs; p++) sum += (long)(activations[p] - zeroPoint) * codes[j * inputs + p];
            double product = sum * (double)rowScale * scales[j];
            z[j] = product + bias[j];
            bound[j] = 3 * U * (Math.Abs(product) + Math.Abs(z[j]));
        }

        return (z, bound);
    }

    /// <summary>z = Σ_p a_p·W_jp + b_j in double on the widened bfloat16 weights, and BFloat16Gemm's bound (k + 2)·u·(Σ_p |a_p·W_jp| + |b_j|).</summary>
    public static (double[] Z, double[] Bound) BFloat16Affine(ReadOnlySpan<float> row, ReadOnlySpan<ushort> bits, float[] bias)
    {
        int inputs = row.Length, outputs = bias.Length;
        var z = new double[outputs];
        var bound = new double[outputs];
        for (int j = 0; j < outputs; j++)
        {
            double sum = bias[j], magnitude = Math.Abs(bias[j]);
            for (int p = 0; p < inputs; p++)
            {
                double weight = BitConverter.UInt32BitsToSingle((uint)bits[j * inputs + p] << 16);
                sum += row[p] * weight;
                magnitude += Math.Abs(row[p] * weight);
            }

            z[j] = sum;
            bound[j] = (inputs + 2) * U * magnitude;
        }

        return (z, bound);
    }
}
