using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// bfloat16-weight inference: float32 activations times bfloat16 weights
/// (<see cref="BFloat16PackedWeights"/>), widened in registers and accumulated with float32 FMA;
/// with the conversions to and from bfloat16. Every entry point allocates nothing, is
/// thread-safe and deterministic for a given shape and path; rows = 0 is a no-op; c must not
/// overlap a.
/// </summary>
public static unsafe class BFloat16Gemm
{
    /// <summary>This path's kernel: the packed layout's panel width is this path's float lane count.</summary>
    private static readonly delegate*<int, float*, nint, BFloat16PackedWeights, float*, bool, float*, nint, void> Kernel = Isa.VectorBits switch
    {
        512 => &BFloat16Kernels.Run<Width512, Vector512<float>>,
        256 => &BFloat16Kernels.Run<Width256, Vector256<float>>,
        128 => &BFloat16Kernels.Run<Width128, Vector128<float>>,
        _ => &BFloat16KernelScalar.Run,
    };

    /// <summary>
    /// float32 → bfloat16 bits, rounding to nearest, ties to even: NaN stays a quiet NaN with its
    /// sign, ±∞ stays ±∞, and values that round above the largest bfloat16 become ±∞ (as IEEE
    /// rounding does); subnormals round like any other value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Round(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x0040);
        // Adding 0x7FFF plus the lowest kept bit carries into the kept bits exactly when the dropped
        // half is above one half, or equal to it with the kept part odd; a carry out of the
        // mantissa steps the exponent, up to ∞ at the top.
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>bits[i] = <see cref="Round(float)"/>(values[i]) for every i &lt; values.Length; bits has at least as many elements.</summary>
    /// <exception cref="ArgumentException">bits is shorter than values.</exception>
    public static void Round(ReadOnlySpan<float> values, Span<ushort> bits)
    {
        Check.Length(bits.Length, values.Length, nameof(bits), "a result per value");
        for (int i = 0; i < values.Length; i++) bits[i] = Round(values[i]);
    }

    /// <summary>The exact float32 value of bfloat16 <paramref name="bits"/>: the float whose bits are bits &lt;&lt; 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Widen(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>
    /// c[i·ldc + j] = f(Σ_p a[i·lda + p]·W[j, p] + bias[j]) for i &lt; rows, j &lt; w.Outputs, with
    /// float32 FMA accumulation; f = max(·, 0) when <paramref name="relu"/> (NaN stays NaN, −0
    /// becomes +0), identity otherwise. a is rows × w.Inputs (lda), bias has w.Outputs values, c is
    /// rows × w.Outputs (ldc). The widened weights are exact, so the error is that of a float32
    /// dot product: |c − exact| ≤ (k + 2)·2⁻²⁴·(Σ_p |a·W| + |bias|) for k = w.Inputs (before f).
    /// </summary>
    /// <exception cref="ArgumentNullException">w is null.</exception>
    /// <exception cref="ArgumentException">rows is negative; lda &lt; w.Inputs or ldc &lt; w.Outputs; a, bias or c is too short; c overlaps a.</exception>
    public static void Multiply(int rows, ReadOnlySpan<float> a, int lda, BFloat16PackedWeights w,
        ReadOnlySpan<float> bias, bool relu, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(w);
        Check.NonNegative(rows, nameof(rows));
        Check.Matrix(a.Length, rows, w.Inputs, lda, nameof(a), nameof(lda));
        Check.Matrix(c.Length, rows, w.Outputs, ldc, nameof(c), nameof(ldc));
        Check.Length(bias.Length, w.Outputs, nameof(bias), "a bias per output");
        if (rows == 0) return;
        if (c.Overlaps(a)) throw new ArgumentException("c overlaps a; the product needs separate storage.", nameof(c));
        fixed (float* aPointer = a, biasPointer = bias, cPointer = c)
        {
            Kernel(rows, aPointer, lda, w, biasPointer, relu, cPointer, ldc);
        }
    }
}
