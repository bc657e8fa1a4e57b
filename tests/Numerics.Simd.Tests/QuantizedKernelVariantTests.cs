using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Operators;
using Numerics.Simd.Tests.Reference;

namespace Numerics.Simd.Tests;

/// <summary>
/// Every int8 kernel variant this machine can run, called directly on a layout of its own panel
/// width, whatever the path cap: so the portable Vector128 form (the ARM64 one) and the SSSE3 one
/// are tested on an AVX2 host too. AVX-VNNI and AVX-512BW run only where the machine has them.
/// </summary>
public unsafe class QuantizedKernelVariantTests
{
    private delegate void RawKernel(int rows, byte* a, nint lda, Int8PackedWeights w, RawInt8Output output);

    private delegate void DequantizeKernel(int rows, byte* a, nint lda, Int8PackedWeights w, DequantizeInt8Output output);

    private static List<(string Name, int PanelWidth, RawKernel Raw, DequantizeKernel Dequantize)> Variants()
    {
        var variants = new List<(string Name, int PanelWidth, RawKernel Raw, DequantizeKernel Dequantize)>();
        variants.Add(("scalar", 4, Int8KernelScalar.Run, Int8KernelScalar.Run));
        variants.Add(("portable128", 4,
            Int8Kernels.Run<Width128, Dot128Portable, RawInt8Output, Vector128<float>>,
            Int8Kernels.Run<Width128, Dot128Portable, DequantizeInt8Output, Vector128<float>>));
        if (Ssse3.IsSupported)
        {
            variants.Add(("ssse3", 4,
                Int8Kernels.Run<Width128, Dot128, RawInt8Output, Vector128<float>>,
                Int8Kernels.Run<Width128, Dot128, DequantizeInt8Output, Vector128<float>>));
        }

        if (Avx2.IsSupported)
        {
            variants.Add(("avx2", 8,
                Int8Kernels.Run<Width256, Dot256, RawInt8Output, Vector256<float>>,
                Int8Kernels.Run<Width256, Dot256, DequantizeInt8Output, Vector256<float>>));
        }

        if (AvxVnni.IsSupported)
        {
            variants.Add(("avxvnni", 8,
                Int8Kernels.Run<Width256, Dot256Vnni, RawInt8Output, Vector256<float>>,
                Int8Kernels.Run<Width256, Dot256Vnni, DequantizeInt8Output, Vector256<float>>));
        }

        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated)
        {
            variants.Add(("avx512bw", 16,
                Int8Kernels.Run<Width512, Dot512, RawInt8Output, Vector512<float>>,
                Int8Kernels.Run<Width512, Dot512, DequantizeInt8Output, Vector512<float>>));
        }

        return variants;
    }

    [Fact]
    public void Every_variant_gives_the_exact_ints_and_the_scalar_kernels_dequantized_bits()
    {
        var random = new Random(23);
        foreach (var variant in Variants())
        {
            foreach (int inputs in new[] { 1, 3, 4, 5, 7, 8, 9, 17, 33, 65, 130 })
            {
                foreach (int outputs in new[] { 1, 3, 4, 5, 8, 9, 15, 16, 17, 31, 33, 65, 129 })
                {
                    var w = QuantizedInt8Tests.RandomWeights(random, outputs * inputs);
                    if (outputs % 2 == 0) Array.Fill(w, (sbyte)-127);
                    var scales = Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble() / 16).ToArray();
                    var packed = new Int8PackedWeights(inputs, outputs, variant.PanelWidth);
                    packed.Pack(w, scales);
                    var scalarPacked = new Int8PackedWeights(inputs, outputs, 4);
                    scalarPacked.Pack(w, scales);
                    var bias = Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
                    foreach (int rows in new[] { 1, 2, 3, 4, 5, 8, 9 })
                    {
                        int lda = inputs + random.Next(2), ldc = outputs + random.Next(2);
                        var a = QuantizedInt8Tests.RandomCodes(random, (rows - 1) * lda + inputs);
                        if (inputs % 2 == 0) Array.Fill(a, (byte)127);
                        var rowScales = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble()).ToArray();
                        var zeroPoints = Enumerable.Range(0, rows).Select(_ => random.Next(0, 128)).ToArray();
                        bool relu = random.Next(2) == 0;
                        var sums = new int[(rows - 1) * ldc + outputs];
                        var got = new float[sums.Length];
                        var want = new float[sums.Length];
                        fixed (byte* aPointer = a)
                        fixed (int* sumsPointer = sums, zeroPointsPointer = zeroPoints)
                        fixed (float* gotPointer = got, wantPointer = want, rowScalesPointer = rowScales, biasPointer = bias)
                        {
                            variant.Raw(rows, aPointer, lda, packed, new RawInt8Output(sumsPointer, ldc));
                            variant.Dequantize(rows, aPointer, lda, packed, Output(gotPointer, ldc, rowScalesPointer, zeroPointsPointer, packed, biasPointer, relu));
                            Int8KernelScalar.Run(rows, aPointer, lda, scalarPacked, Output(wantPointer, ldc, rowScalesPointer, zeroPointsPointer, scalarPacked, biasPointer, relu));
                        }

                        long[] exact = ReferenceQuantized.Int8Product(rows, a, lda, w, inputs, outputs);
                        for (int i = 0; i < rows; i++)
                        {
                            for (int j = 0; j < outputs; j++)
                            {
                                string context = $"{variant.Name}: [{i},{j}] rows={rows} inputs={inputs} outputs={outputs} lda={lda} ldc={ldc}";
                                Assert.True(sums[i * ldc + j] == exact[i * outputs + j], $"{context}: {sums[i * ldc + j]}, want {exact[i * outputs + j]}");
                                Assert.True(BitConverter.SingleToInt32Bits(got[i * ldc + j]) == BitConverter.SingleToInt32Bits(want[i * ldc + j]),
                                    $"{context}: dequantized {got[i * ldc + j]:R}, scalar {want[i * ldc + j]:R}");
                            }
                        }
                    }
                }
            }
        }
    }

    private static DequantizeInt8Output Output(float* c, int ldc, float* rowScales, int* zeroPoints, Int8PackedWeights w, float* bias, bool relu) =>
        new(c, ldc, rowScales, zeroPoints, w.ScalesData, w.ColumnSumsData, bias, relu);

    /// <summary>
    /// a's last row ends at a page whose next page is made inaccessible (Linux mprotect), so that a
    /// kernel reading one byte past a row of a crashes the test instead of passing by luck.
    /// </summary>
    [Fact]
    public void No_product_reads_past_the_last_row_of_a()
    {
        if (!OperatingSystem.IsLinux()) return;
        const int Page = 65536; // a multiple of every page size in use (4 KiB, 16 KiB, 64 KiB)
        byte* block = (byte*)NativeMemory.AlignedAlloc(2 * Page, Page);
        try
        {
            Assert.Equal(0, Protect(block + Page, Page, 0));
            var random = new Random(29);
            foreach (int inputs in new[] { 1, 2, 3, 5, 6, 7, 9, 13, 33 })
            {
                foreach (int rows in new[] { 1, 3, 4, 5, 8 })
                {
                    int outputs = 9;
                    var packed = QuantizedInt8Tests.Pack(QuantizedInt8Tests.RandomWeights(random, outputs * inputs), inputs, outputs, new float[outputs]);
                    var bf16 = new BFloat16PackedWeights(inputs, outputs);
                    bf16.Pack(new ushort[outputs * inputs]);
                    int bytes = rows * inputs;
                    var codes = new Span<byte>(block + Page - bytes, bytes);
                    codes.Fill(100);
                    Int8Gemm.Multiply(rows, codes, inputs, packed, new int[rows * outputs], outputs);
                    Int8Gemm.MultiplyDequantize(rows, codes, inputs, new float[rows], new int[rows], packed, new float[outputs], true, new float[rows * outputs], outputs);
                    var floats = new Span<float>(block + Page - 4 * bytes, bytes);
                    floats.Fill(0.5f);
                    BFloat16Gemm.Multiply(rows, floats, inputs, bf16, new float[outputs], false, new float[rows * outputs], outputs);
                }
            }
        }
        finally
        {
            Assert.Equal(0, Protect(block + Page, Page, 3));
            NativeMemory.AlignedFree(block);
        }
    }

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Protect(void* address, nuint length, int protection);
}
