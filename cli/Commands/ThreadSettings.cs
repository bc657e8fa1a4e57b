using Numerics.Simd;

namespace SimdNn.Cli.Commands;

/// <summary>Applies --threads to GEMM's degree of parallelism (0 = every core). Results do not depend on it: GEMM splits deterministically.</summary>
internal static class ThreadSettings
{
    public static void Apply(int threads) => Gemm.MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads;
}
