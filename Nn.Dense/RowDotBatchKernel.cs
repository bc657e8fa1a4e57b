using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// Z = A·Wᵀ + b for a small batch, W [outputs × inputs] and A [batch × inputs] row-major, in
/// dot-product form over the stored layouts: tiles of 4 samples × 4 outputs keep 16 vector
/// accumulators, so each W vector loaded from memory serves four samples and each input vector
/// four outputs (8 loads per 16 FMAs: FMA-bound, not load-bound). Nothing is packed, which is
/// what makes it win at small batches: the GEMM packs all of W on every call.
/// Samples and outputs left over from the 4×4 tiles go through <see cref="RowDotKernel"/> and a
/// plain dot product. Deterministic for a given batch, shape and ISA path.
/// </summary>
internal static class RowDotBatchKernel
{
    private const int Samples = 4;
    private const int Rows = 4;

    public static void Run(ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs, int batch, ReadOnlySpan<float> biases, Span<float> z)
    {
        int outputs = biases.Length, inputCount = weights.Length / Math.Max(1, outputs);
        if (weights.Length != outputs * inputCount || inputs.Length < batch * inputCount || z.Length < batch * outputs)
        {
            throw new ArgumentException("Spans do not match the layer.", nameof(z));
        }

        int sampleBlocks = Avx.IsSupported && Isa.VectorBits >= 256 ? batch / Samples : 0;
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float x = ref MemoryMarshal.GetReference(inputs);
        ref float b = ref MemoryMarshal.GetReference(biases);
        ref float y = ref MemoryMarshal.GetReference(z);
        if (sampleBlocks > 0)
        {
            if (Isa.VectorBits >= 512) Tiles512(ref w, ref x, ref b, ref y, inputCount, outputs, sampleBlocks);
            else Tiles256(ref w, ref x, ref b, ref y, inputCount, outputs, sampleBlocks);

            // Outputs beyond the last whole block of four, for the tiled samples.
            int done = outputs - outputs % Rows;
            for (int s = 0; s < sampleBlocks * Samples; s++)
            {
                for (int j = done; j < outputs; j++)
                {
                    z[s * outputs + j] = biases[j] + Dot(weights.Slice(j * inputCount, inputCount), inputs.Slice(s * inputCount, inputCount));
                }
            }
        }

        for (int s = sampleBlocks * Samples; s < batch; s++)
        {
            RowDotKernel.Run(weights, inputs.Slice(s * inputCount, inputCount), biases, z.Slice(s * outputs, outputs));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles512(ref float w, ref float x, ref float b, ref float z, int inputs, int outputs, int sampleBlocks)
    {
        int vectorEnd = inputs - inputs % Vector512<float>.Count;
        int rowBlocks = outputs / Rows;
        for (int s = 0; s < sampleBlocks * Samples; s += Samples)
        {
            ref float x0 = ref Unsafe.Add(ref x, (nint)s * inputs);
            ref float x1 = ref Unsafe.Add(ref x0, inputs);
            ref float x2 = ref Unsafe.Add(ref x1, inputs);
            ref float x3 = ref Unsafe.Add(ref x2, inputs);
            for (int j = 0; j < rowBlocks * Rows; j += Rows)
            {
                ref float w0 = ref Unsafe.Add(ref w, (nint)j * inputs);
                ref float w1 = ref Unsafe.Add(ref w0, inputs);
                ref float w2 = ref Unsafe.Add(ref w1, inputs);
                ref float w3 = ref Unsafe.Add(ref w2, inputs);
                Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
                for (int i = 0; i < vectorEnd; i += Vector512<float>.Count)
                {
                    var v0 = Vector512.LoadUnsafe(ref w0, (nuint)i);
                    var v1 = Vector512.LoadUnsafe(ref w1, (nuint)i);
                    var v2 = Vector512.LoadUnsafe(ref w2, (nuint)i);
                    var v3 = Vector512.LoadUnsafe(ref w3, (nuint)i);
                    var u = Vector512.LoadUnsafe(ref x0, (nuint)i);
                    c00 = Vector512.FusedMultiplyAdd(v0, u, c00);
                    c01 = Vector512.FusedMultiplyAdd(v1, u, c01);
                    c02 = Vector512.FusedMultiplyAdd(v2, u, c02);
                    c03 = Vector512.FusedMultiplyAdd(v3, u, c03);
                    u = Vector512.LoadUnsafe(ref x1, (nuint)i);
                    c10 = Vector512.FusedMultiplyAdd(v0, u, c10);
                    c11 = Vector512.FusedMultiplyAdd(v1, u, c11);
                    c12 = Vector512.FusedMultiplyAdd(v2, u, c12);
                    c13 = Vector512.FusedMultiplyAdd(v3, u, c13);
                    u = Vector512.LoadUnsafe(ref x2, (nuint)i);
                    c20 = Vector512.FusedMultiplyAdd(v0, u, c20);
                    c21 = Vector512.FusedMultiplyAdd(v1, u, c21);
                    c22 = Vector512.FusedMultiplyAdd(v2, u, c22);
                    c23 = Vector512.FusedMultiplyAdd(v3, u, c23);
                    u = Vector512.LoadUnsafe(ref x3, (nuint)i);
                    c30 = Vector512.FusedMultiplyAdd(v0, u, c30);
                    c31 = Vector512.FusedMultiplyAdd(v1, u, c31);
                    c32 = Vector512.FusedMultiplyAdd(v2, u, c32);
                    c33 = Vector512.FusedMultiplyAdd(v3, u, c33);
                }

                var bias = Vector128.LoadUnsafe(ref b, (nuint)j);
                var twice = Vector256.Create(bias, bias);
                var first = RowDotKernel.Reduce(c00.GetLower() + c00.GetUpper(), c01.GetLower() + c01.GetUpper(), c02.GetLower() + c02.GetUpper(), c03.GetLower() + c03.GetUpper(),
                    c10.GetLower() + c10.GetUpper(), c11.GetLower() + c11.GetUpper(), c12.GetLower() + c12.GetUpper(), c13.GetLower() + c13.GetUpper()) + twice;
                var second = RowDotKernel.Reduce(c20.GetLower() + c20.GetUpper(), c21.GetLower() + c21.GetUpper(), c22.GetLower() + c22.GetUpper(), c23.GetLower() + c23.GetUpper(),
                    c30.GetLower() + c30.GetUpper(), c31.GetLower() + c31.GetUpper(), c32.GetLower() + c32.GetUpper(), c33.GetLower() + c33.GetUpper()) + twice;
                ref float z0 = ref Unsafe.Add(ref z, (nint)s * outputs + j);
                first.GetLower().StoreUnsafe(ref z0);
                first.GetUpper().StoreUnsafe(ref Unsafe.Add(ref z0, outputs));
                second.GetLower().StoreUnsafe(ref Unsafe.Add(ref z0, 2 * outputs));
                second.GetUpper().StoreUnsafe(ref Unsafe.Add(ref z0, 3 * outputs));
                if (vectorEnd < inputs) AddTails(ref w0, ref x0, ref z0, vectorEnd, inputs, outputs);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles256(ref float w, ref float x, ref float b, ref float z, int inputs, int outputs, int sampleBlocks)
    {
        int vectorEnd = inputs - inputs % Vector256<float>.Count;
        int rowBlocks = outputs / Rows;
        for (int s = 0; s < sampleBlocks * Samples; s += Samples)
        {
            ref float x0 = ref Unsafe.Add(ref x, (nint)s * inputs);
            ref float x1 = ref Unsafe.Add(ref x0, inputs);
            ref float x2 = ref Unsafe.Add(ref x1, inputs);
            ref float x3 = ref Unsafe.Add(ref x2, inputs);
            for (int j = 0; j < rowBlocks * Rows; j += Rows)
            {
                ref float w0 = ref Unsafe.Add(ref w, (nint)j * inputs);
                ref float w1 = ref Unsafe.Add(ref w0, inputs);
                ref float w2 = ref Unsafe.Add(ref w1, inputs);
                ref float w3 = ref Unsafe.Add(ref w2, inputs);
                Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector256<float> c30 = default, c31 = default, c32 = default, c33 = default;
                for (int i = 0; i < vectorEnd; i += Vector256<float>.Count)
                {
                    var v0 = Vector256.LoadUnsafe(ref w0, (nuint)i);
                    var v1 = Vector256.LoadUnsafe(ref w1, (nuint)i);
                    var v2 = Vector256.LoadUnsafe(ref w2, (nuint)i);
                    var v3 = Vector256.LoadUnsafe(ref w3, (nuint)i);
                    var u = Vector256.LoadUnsafe(ref x0, (nuint)i);
                    c00 = Vector256.FusedMultiplyAdd(v0, u, c00);
                    c01 = Vector256.FusedMultiplyAdd(v1, u, c01);
                    c02 = Vector256.FusedMultiplyAdd(v2, u, c02);
                    c03 = Vector256.FusedMultiplyAdd(v3, u, c03);
                    u = Vector256.LoadUnsafe(ref x1, (nuint)i);
                    c10 = Vector256.FusedMultiplyAdd(v0, u, c10);
                    c11 = Vector256.FusedMultiplyAdd(v1, u, c11);
                    c12 = Vector256.FusedMultiplyAdd(v2, u, c12);
                    c13 = Vector256.FusedMultiplyAdd(v3, u, c13);
                    u = Vector256.LoadUnsafe(ref x2, (nuint)i);
                    c20 = Vector256.FusedMultiplyAdd(v0, u, c20);
                    c21 = Vector256.FusedMultiplyAdd(v1, u, c21);
                    c22 = Vector256.FusedMultiplyAdd(v2, u, c22);
                    c23 = Vector256.FusedMultiplyAdd(v3, u, c23);
                    u = Vector256.LoadUnsafe(ref x3, (nuint)i);
                    c30 = Vector256.FusedMultiplyAdd(v0, u, c30);
                    c31 = Vector256.FusedMultiplyAdd(v1, u, c31);
                    c32 = Vector256.FusedMultiplyAdd(v2, u, c32);
                    c33 = Vector256.FusedMultiplyAdd(v3, u, c33);
                }

                var bias = Vector128.LoadUnsafe(ref b, (nuint)j);
                var twice = Vector256.Create(bias, bias);
                var first = RowDotKernel.Reduce(c00, c01, c02, c03,
                    c10, c11, c12, c13) + twice;
                var second = RowDotKernel.Reduce(c20, c21, c22, c23,
                    c30, c31, c32, c33) + twice;
                ref float z0 = ref Unsafe.Add(ref z, (nint)s * outputs + j);
                first.GetLower().StoreUnsafe(ref z0);
                first.GetUpper().StoreUnsafe(ref Unsafe.Add(ref z0, outputs));
                second.GetLower().StoreUnsafe(ref Unsafe.Add(ref z0, 2 * outputs));
                second.GetUpper().StoreUnsafe(ref Unsafe.Add(ref z0, 3 * outputs));
                if (vectorEnd < inputs) AddTails(ref w0, ref x0, ref z0, vectorEnd, inputs, outputs);
            }
        }
    }

    /// <summary>Adds the scalar remainders of a 4×4 tile (inputs not a multiple of the vector width).</summary>
    private static void AddTails(ref float w0, ref float x0, ref float z0, int from, int inputs, int outputs)
    {
        for (int s = 0; s < Samples; s++)
        {
            for (int r = 0; r < Rows; r++)
            {
                ref float row = ref Unsafe.Add(ref w0, (nint)r * inputs);
                ref float sample = ref Unsafe.Add(ref x0, (nint)s * inputs);
                float sum = 0;
                for (int i = from; i < inputs; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref row, i), Unsafe.Add(ref sample, i), sum);
                Unsafe.Add(ref z0, (nint)s * outputs + r) += sum;
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> row, ReadOnlySpan<float> sample)
    {
        float sum = 0;
        for (int i = 0; i < row.Length; i++) sum = MathF.FusedMultiplyAdd(row[i], sample[i], sum);
        return sum;
    }
}
