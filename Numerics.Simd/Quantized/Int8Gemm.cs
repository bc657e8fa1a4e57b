using System.Runtime.InteropServices;

namespace Numerics.Simd;

/// <summary>
/// Int8 inference products: u8 activation codes (0 … 127) times s8 weights (−127 … 127,
/// <see cref="Int8PackedWeights"/>) summed exactly in int32, and the fused dequantizing layer
/// epilogue; with the quantizers that make the codes. Every entry point allocates nothing, is
/// thread-safe and deterministic for a given shape and path; rows = 0 is a no-op; c must not
/// overlap a.
/// </summary>
public static unsafe partial class Int8Gemm
{
    /// <summary>
    /// The largest activation code: activations are quantized to 7 bits (0 … 127) so that
    /// VPMADDUBSW's pairwise int16 sums can never saturate (2·127·127 = 32,258 &lt; 32,767); every
    /// path uses the same codes, so all give the same ints.
    /// </summary>
    public const int MaxActivationCode = 127;

    /// <summary>
    /// The raw product: c[i·ldc + j] = Σ_p a[i·lda + p]·W[j, p] as exact int32, for i &lt; rows,
    /// j &lt; w.Outputs, p &lt; w.Inputs; a is rows × w.Inputs (leading dimension lda), c is
    /// rows × w.Outputs (leading dimension ldc).
    /// </summary>
    /// <exception cref="ArgumentNullException">w is null.</exception>
    /// <exception cref="ArgumentException">rows is negative; lda &lt; w.Inputs or ldc &lt; w.Outputs; a or c is too short; c overlaps a; a code in a is above <see cref="MaxActivationCode"/> (it would saturate the AVX2 path; the row and column are named).</exception>
    public static void Multiply(int rows, ReadOnlySpan<byte> a, int lda, Int8PackedWeights w, Span<int> c, int ldc)
    {
        CheckProduct(rows, a, lda, w, c.Length, ldc);
        if (MemoryMarshal.AsBytes(c).Overlaps(a)) throw new ArgumentException(OverlapMessage, nameof(c));
        if (rows == 0) return;
        fixed (byte* aPointer = a)
        fixed (int* cPointer = c)
        {
            var output = new RawInt8Output(cPointer, ldc);
            // A layout of another panel width (the tests' own) runs on the scalar kernel, which reads any.
            if (w.PanelWidth == Int8Paths.PanelWidth) Int8Paths.Raw(rows, aPointer, lda, w, output);
            else Int8KernelScalar.Run(rows, aPointer, lda, w, output);
        }
    }

    /// <summary>
    /// The fused layer epilogue: c[i·ldc + j] = f(FMA((float)(Σ_p a[i, p]·W[j, p] − rowZeroPoints[i]·ColumnSums[j]),
    /// rowScales[i]·w.Scales[j], bias[j])), f = max(·, 0) when <paramref name="relu"/> (NaN stays
    /// NaN), identity otherwise; that is, the dequantized (a − zp)·scale row times the
    /// dequantized Wᵀ plus the bias. The int part is exact; the float part is the same roundings
    /// on every path (the int to float conversion, the product of the scales, one FMA).
    /// a is rows × w.Inputs (lda), rowScales and rowZeroPoints have rows values (as
    /// <see cref="QuantizeRows"/> gives them), bias has w.Outputs values, c is rows × w.Outputs (ldc).
    /// </summary>
    /// <exception cref="ArgumentNullException">w is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Multiply"/>; or rowScales, rowZeroPoints or bias is too short; or a zero point is outside [0, <see cref="MaxActivationCode"/>].</exception>
    public static void MultiplyDequantize(int rows, ReadOnlySpan<byte> a, int lda, ReadOnlySpan<float> rowScales,
        ReadOnlySpan<int> rowZeroPoints, Int8PackedWeights w, ReadOnlySpan<float> bias, bool relu, Span<float> c, int ldc)
    {
        CheckProduct(rows, a, lda, w, c.Length, ldc);
        if (MemoryMarshal.AsBytes(c).Overlaps(a)) throw new ArgumentException(OverlapMessage, nameof(c));
        Check.Length(rowScales.Length, rows, nameof(rowScales), "a scale per row of a");
        Check.Length(rowZeroPoints.Length, rows, nameof(rowZeroPoints), "a zero point per row of a");
        Check.Length(bias.Length, w.Outputs, nameof(bias), "a bias per output");
        int outside = rowZeroPoints[..rows].IndexOfAnyExceptInRange(0, MaxActivationCode);
        if (outside >= 0)
        {
            throw new ArgumentException(
                $"rowZeroPoints[{outside}] is {rowZeroPoints[outside]}; a zero point must be in [0, {MaxActivationCode}].", nameof(rowZeroPoints));
        }

        if (rows == 0) return;
        fixed (byte* aPointer = a)
        fixed (float* cPointer = c, scalesPointer = rowScales, biasPointer = bias)
        fixed (int* zeroPointsPointer = rowZeroPoints)
        {
            var output = new DequantizeInt8Output(cPointer, ldc, scalesPointer, zeroPointsPointer,
                w.ScalesData, w.ColumnSumsData, biasPointer, relu);
            if (w.PanelWidth == Int8Paths.PanelWidth) Int8Paths.Dequantize(rows, aPointer, lda, w, output);
            else Int8KernelScalar.Run(rows, aPointer, lda, w, output);
        }
    }

    private const string OverlapMessage = "c overlaps a; the product needs separate storage.";

    /// <summary>The checks both products share: the shapes, and every code of a at most 127.</summary>
    private static void CheckProduct(int rows, ReadOnlySpan<byte> a, int lda, Int8PackedWeights w, int cLength, int ldc)
    {
        ArgumentNullException.ThrowIfNull(w);
        Check.NonNegative(rows, nameof(rows));
        Check.Matrix(a.Length, rows, w.Inputs, lda, nameof(a), nameof(lda));
        Check.Matrix(cLength, rows, w.Outputs, ldc, "c", nameof(ldc));
        for (int i = 0; i < rows; i++)
        {
            // Vectorized by the framework: the check costs a pass over a, a small part of the product.
            int above = a.Slice(i * lda, w.Inputs).IndexOfAnyInRange((byte)(MaxActivationCode + 1), byte.MaxValue);
            if (above >= 0)
            {
                throw new ArgumentException(
                    $"a[{i}, {above}] is {a[i * lda + above]}; activation codes must be at most {MaxActivationCode} (Int8Gemm.MaxActivationCode).", nameof(a));
            }
        }
    }
}
