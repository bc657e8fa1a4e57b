namespace SimdNn.Cli.Commands;

/// <summary>Applies --threads to the kernels' degree of parallelism.</summary>
internal static class ThreadSettings
{
    public static void Apply(int threads)
    {
        // Numerics.Simd has no public degree-of-parallelism setting yet; the option is validated
        // and kept so command lines stay stable when it arrives.
        _ = threads;
    }
}
