namespace Numerics.Simd;

/// <summary>The quantizers: float weights and activations to the codes the int8 products take.</summary>
public static partial class Int8Gemm
{
    /// <summary>
    /// Symmetric per-output weight quantization: for each row j of <paramref name="weights"/>
    /// (outputs × inputs, row-major), scales[j] = max_p |w[j, p]| / 127 and
    /// codes[j, p] = clamp(RNE(w[j, p] / scales[j]), −127, 127) (RNE: round to nearest, ties to
    /// even); a row whose scale is 0 (all zeros, or so tiny that max/127 underflows) gets codes 0.
    /// codes is outputs × inputs (row-major), scales has outputs values: what
    /// <see cref="Int8PackedWeights.Pack"/> takes. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">outputs or inputs is negative; a span is too short; a weight is NaN or infinite (the row and column are named).</exception>
    public static void QuantizeWeights(ReadOnlySpan<float> weights, int outputs, int inputs, Span<sbyte> codes, Span<float> scales)
    {
        Check.NonNegative(outputs, nameof(outputs));
        Check.NonNegative(inputs, nameof(inputs));
        long count = (long)outputs * inputs;
        Check.Length(weights.Length, count, nameof(weights), "an outputs x inputs weight matrix");
        Check.Length(codes.Length, count, nameof(codes), "an outputs x inputs code matrix");
        Check.Length(scales.Length, outputs, nameof(scales), "a scale per output");
        for (int j = 0; j < outputs; j++)
        {
            ReadOnlySpan<float> row = weights.Slice(j * inputs, inputs);
            float largest = 0;
            for (int p = 0; p < inputs; p++)
            {
                if (!float.IsFinite(row[p]))
                {
                    throw new ArgumentException($"weights[{j}, {p}] is {row[p]}; weights to quantize must be finite.", nameof(weights));
                }

                largest = Math.Max(largest, Math.Abs(row[p]));
            }

            float scale = largest / 127f;
            scales[j] = scale;
            Span<sbyte> rowCodes = codes.Slice(j * inputs, inputs);
            if (scale == 0)
            {
                rowCodes.Clear();
                continue;
            }

            for (int p = 0; p < inputs; p++)
            {
                rowCodes[p] = (sbyte)Math.Clamp(MathF.Round(row[p] / scale), -127f, 127f);
            }
        }
    }

    /// <summary>
    /// Dynamic per-row activation quantization to 7-bit codes with a zero point: for row r of
    /// <paramref name="x"/> (rows × columns, row-major, contiguous): lo = min(0, min x_r),
    /// hi = max(0, max x_r); scales[r] = (hi − lo) / 127, or 1 when hi = lo (all zeros);
    /// zeroPoints[r] = clamp(RNE(−lo / scales[r]), 0, 127); codes[r, c] = clamp(RNE(x[r, c] / scales[r]) + zeroPoints[r], 0, 127),
    /// all in float32 (RNE: round to nearest, ties to even), so that x ≈ (code − zero point)·scale
    /// and 0 is exact. A row holding NaN or ±∞ gets scale NaN, zero point 0 and codes 0, so that
    /// its outputs through <see cref="MultiplyDequantize"/> are NaN. codes is rows × columns
    /// (row-major, contiguous), scales and zeroPoints have rows values. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">rows or columns is negative, or a span is too short.</exception>
    public static void QuantizeRows(ReadOnlySpan<float> x, int rows, int columns, Span<byte> codes, Span<float> scales, Span<int> zeroPoints)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(columns, nameof(columns));
        long count = (long)rows * columns;
        Check.Length(x.Length, count, nameof(x), "a rows x columns matrix");
        Check.Length(codes.Length, count, nameof(codes), "a rows x columns code matrix");
        Check.Length(scales.Length, rows, nameof(scales), "a scale per row");
        Check.Length(zeroPoints.Length, rows, nameof(zeroPoints), "a zero point per row");
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * columns, columns);
            Span<byte> rowCodes = codes.Slice(r * columns, columns);
            var (lo, hi, finite) = RowQuantizer.Range(row);
            if (!finite)
            {
                scales[r] = float.NaN;
                zeroPoints[r] = 0;
                rowCodes.Clear();
                continue;
            }

            float scale = hi == lo ? 1f : (hi - lo) / 127f;
            int zeroPoint = (int)Math.Clamp(MathF.Round(-lo / scale), 0f, 127f);
            scales[r] = scale;
            zeroPoints[r] = zeroPoint;
            RowQuantizer.Codes(row, scale, zeroPoint, rowCodes);
        }
    }
}
