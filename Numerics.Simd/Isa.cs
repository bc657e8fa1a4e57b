using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// The instruction-set path every kernel dispatches on, chosen once per process from
/// <c>IsHardwareAccelerated</c> and capped by the environment variable
/// <c>SIMDNN_MAX_VECTOR_BITS</c> (512, 256, 128 or 0 for scalar), so that the whole test
/// suite can be run once per path.
/// </summary>
public static class Isa
{
    /// <summary>The name of the environment variable that caps the vector width.</summary>
    public const string MaxVectorBitsVariable = "SIMDNN_MAX_VECTOR_BITS";

    /// <summary>The vector width in bits the kernels use: 512, 256, 128, or 0 (scalar).</summary>
    public static int VectorBits { get; } = Choose(Environment.GetEnvironmentVariable(MaxVectorBitsVariable));

    /// <summary>The widest path this machine accelerates, capped by <paramref name="cap"/> (the variable's text; null or blank means no cap).</summary>
    internal static int Choose(string? cap)
    {
        int maxBits = 512;
        if (!string.IsNullOrWhiteSpace(cap))
        {
            if (!int.TryParse(cap, out maxBits) || maxBits is not (512 or 256 or 128 or 0))
            {
                throw new InvalidOperationException(
                    $"{MaxVectorBitsVariable} must be 512, 256, 128 or 0; it is '{cap}'.");
            }
        }

        if (maxBits >= 512 && Vector512.IsHardwareAccelerated) return 512;
        if (maxBits >= 256 && Vector256.IsHardwareAccelerated) return 256;
        if (maxBits >= 128 && Vector128.IsHardwareAccelerated) return 128;
        return 0;
    }

    /// <summary>A short description of the chosen path, e.g. "Vector512 (AVX-512F)".</summary>
    public static string Describe() => VectorBits switch
    {
        512 => "Vector512",
        256 => "Vector256",
        128 => "Vector128",
        _ => "scalar",
    };
}
