using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The int8 kernel this process runs, chosen once from <see cref="Isa.VectorBits"/> and the
/// instructions present: 512 bits with AVX-512BW; 256 bits with AVX-VNNI (VPDPBUSD) or else AVX2
/// (VPMADDUBSW + VPMADDWD); 128 bits with SSSE3 or else the portable Vector128 form (ARM64); else
/// scalar. The packed layout's panel width follows the choice (a 512-bit path without AVX-512BW
/// runs, and packs for, the 256-bit kernel).
/// </summary>
internal static unsafe class Int8Paths
{
    /// <summary>The vector bits of the int8 kernel: 512, 256, 128 or 0.</summary>
    public static int Bits { get; } = Choose();

    /// <summary>NR: one int32 lane per output (4 on the scalar path).</summary>
    public static int PanelWidth => Math.Max(4, Bits / 32);

    /// <summary>The raw product's kernel for <see cref="Bits"/>.</summary>
    public static readonly delegate*<int, byte*, nint, Int8PackedWeights, RawInt8Output, void> Raw = Kernel<RawInt8Output>();

    /// <summary>The fused dequantizing product's kernel for <see cref="Bits"/>.</summary>
    public static readonly delegate*<int, byte*, nint, Int8PackedWeights, DequantizeInt8Output, void> Dequantize = Kernel<DequantizeInt8Output>();

    /// <summary>A short name of the kernel, e.g. "Vector256 (AVX2 VPMADDUBSW)", for reports.</summary>
    public static string Describe() => Bits switch
    {
        512 => "Vector512 (AVX-512BW VPMADDUBSW)",
        256 when AvxVnni.IsSupported => "Vector256 (AVX-VNNI VPDPBUSD)",
        256 => "Vector256 (AVX2 VPMADDUBSW)",
        128 when Ssse3.IsSupported => "Vector128 (SSSE3 PMADDUBSW)",
        128 => "Vector128 (portable)",
        _ => "scalar",
    };

    private static delegate*<int, byte*, nint, Int8PackedWeights, TOutput, void> Kernel<TOutput>()
        where TOutput : struct, IInt8Output => Bits switch
        {
            512 => &Int8Kernels.Run<Width512, Dot512, TOutput, Vector512<float>>,
            256 when AvxVnni.IsSupported => &Int8Kernels.Run<Width256, Dot256Vnni, TOutput, Vector256<float>>,
            256 => &Int8Kernels.Run<Width256, Dot256, TOutput, Vector256<float>>,
            128 when Ssse3.IsSupported => &Int8Kernels.Run<Width128, Dot128, TOutput, Vector128<float>>,
            128 => &Int8Kernels.Run<Width128, Dot128Portable, TOutput, Vector128<float>>,
            _ => &Int8KernelScalar.Run<TOutput>,
        };

    private static int Choose()
    {
        if (Isa.VectorBits == 512 && Avx512BW.IsSupported) return 512;
        if (Isa.VectorBits >= 256 && Avx2.IsSupported) return 256;
        return Isa.VectorBits >= 128 ? 128 : 0;
    }
}
