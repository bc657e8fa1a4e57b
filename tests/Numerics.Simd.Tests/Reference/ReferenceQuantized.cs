namespace Numerics.Simd.Tests.Reference;

/// <summary>
/// Naive versions of the int8 and bfloat16 kernels: loops over row-major matrices, sums in long
/// or double, the quantizers written straight from their formulas.
/// </summary>
internal static class ReferenceQuantized
{
    /// <summary>c[i, j] = Σ_p a[i·lda + p]·w[j·inputs + p] in long; c is rows × outputs, dense.</summary>
    public static long[] Int8Product(int rows, byte[] a, int lda, sbyte[] w, int inputs, int outputs)
    {
        var c = new long[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < outputs; j++)
            {
                long sum = 0;
                for (int p = 0; p < inputs; p++) sum += a[i * lda + p] * (long)w[j * inputs + p];
                c[i * outputs + j] = sum;
            }
        }

        return c;
    }

    /// <summary>Σ_p w[j, p] for each row j.</summary>
    public static int[] RowSums(sbyte[] w, int inputs, int outputs)
    {
        var sums = new int[outputs];
        for (int j = 0; j < outputs; j++)
        {
            for (int p = 0; p < inputs; p++) sums[j] += w[j * inputs + p];
        }

        return sums;
    }

    /// <summary>
    /// The dequantized layer in double from the exact ints: want[i, j] = (s_ij − zp_i·colsum_j)·(rowScale_i·scale_j) + bias_j
    /// (before the ReLU), with the float product of the scales as the kernels form it.
    /// </summary>
    public static double[] Dequantize(long[] sums, int rows, int outputs, float[] rowScales, int[] zeroPoints,
        float[] scales, int[] columnSums, float[] bias)
    {
        var want = new double[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < outputs; j++)
            {
                long exact = sums[i * outputs + j] - (long)zeroPoints[i] * columnSums[j];
                want[i * outputs + j] = exact * (double)(rowScales[i] * scales[j]) + bias[j];
            }
        }

        return want;
    }

    /// <summary>QuantizeRows from its formula, in float32 arithmetic as specified (RNE by Math.Round's default).</summary>
    public static (byte[] Codes, float[] Scales, int[] ZeroPoints) QuantizeRows(float[] x, int rows, int columns)
    {
        var codes = new byte[rows * columns];
        var scales = new float[rows];
        var zeroPoints = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            float lo = 0, hi = 0;
            bool finite = true;
            for (int c = 0; c < columns; c++)
            {
                float v = x[r * columns + c];
                if (float.IsNaN(v) || float.IsInfinity(v)) finite = false;
                else
                {
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                }
            }

            if (!finite)
            {
                scales[r] = float.NaN;
                continue;
            }

            float scale = hi == lo ? 1f : (hi - lo) / 127f;
            double zero = Math.Round((double)(-lo / scale));
            int zeroPoint = (int)Math.Min(127, Math.Max(0, zero));
            scales[r] = scale;
            zeroPoints[r] = zeroPoint;
            for (int c = 0; c < columns; c++)
            {
                double q = Math.Round((double)(x[r * columns + c] / scale)) + zeroPoint;
                codes[r * columns + c] = (byte)Math.Min(127, Math.Max(0, q));
            }
        }

        return (codes, scales, zeroPoints);
    }

    /// <summary>QuantizeWeights from its formula: scale = max|w|/127 in float32, codes RNE(w/scale) clamped, codes 0 where the scale is 0.</summary>
    public static (sbyte[] Codes, float[] Scales) QuantizeWeights(float[] w, int outputs, int inputs)
    {
        var codes = new sbyte[outputs * inputs];
        var scales = new float[outputs];
        for (int j = 0; j < outputs; j++)
        {
            float largest = 0;
            for (int p = 0; p < inputs; p++) largest = Math.Max(largest, Math.Abs(w[j * inputs + p]));
            float scale = largest / 127f;
            scales[j] = scale;
            for (int p = 0; p < inputs && scale != 0; p++)
            {
                double q = Math.Round((double)(w[j * inputs + p] / scale));
                codes[j * inputs + p] = (sbyte)Math.Min(127, Math.Max(-127, q));
            }
        }

        return (codes, scales);
    }

    /// <summary>
    /// float32 → bfloat16 by looking at the dropped 16 bits: above half a step rounds up, below
    /// rounds down, exactly half rounds to the even one; NaN keeps its sign and top payload, quieted.
    /// </summary>
    public static ushort RoundToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint kept = bits >> 16, dropped = bits & 0xFFFF;
        if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x007FFFFF) != 0) return (ushort)(kept | 0x40);
        if (dropped > 0x8000 || (dropped == 0x8000 && (kept & 1) == 1)) kept++;
        return (ushort)kept;
    }

    /// <summary>want[i, j] = Σ_p a[i·lda + p]·widen(w[j, p]) + bias[j] in double, and scale = Σ_p |a·w| + |bias|.</summary>
    public static (double[] Want, double[] Scale) BFloat16Product(int rows, float[] a, int lda, ushort[] w, int inputs, int outputs, float[] bias)
    {
        var want = new double[rows * outputs];
        var scale = new double[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double sum = bias[j], magnitude = Math.Abs(bias[j]);
                for (int p = 0; p < inputs; p++)
                {
                    double product = a[i * lda + p] * (double)BitConverter.UInt32BitsToSingle((uint)w[j * inputs + p] << 16);
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                want[i * outputs + j] = sum;
                scale[i * outputs + j] = magnitude;
            }
        }

        return (want, scale);
    }
}
