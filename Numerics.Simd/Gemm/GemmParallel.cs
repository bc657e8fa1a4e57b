namespace Numerics.Simd;

/// <summary>
/// Splits one product across threads by column blocks of C (multiples of NR wide): each thread
/// packs its own B panel (or reads its panels of a prepacked B) and the whole of A into its own
/// per-thread scratch and writes only its columns, so there is no sharing to synchronize and no
/// change in any element's arithmetic.
/// </summary>
internal static unsafe class GemmParallel
{
    public static void Run(int threads, GemmDriver.Kernel kernel, int m, int n, int k, float alpha,
        float* a, nint aRowStep, nint aColStep, float* b, nint bRowStep, nint bColStep,
        float beta, float* c, nint ldc, float* bias, float* prepackedB = null,
        delegate*<float*, nint, int, int, void> epilogue = null)
    {
        int nr = kernel.NR;
        int slivers = (n + nr - 1) / nr;
        nint epilogueAddress = (nint)epilogue;
        nint packedAddress = (nint)prepackedB, aAddress = (nint)a, bAddress = (nint)b, cAddress = (nint)c, biasAddress = (nint)bias;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            int first = slivers * part / threads * nr;
            int last = Math.Min(n, slivers * (part + 1) / threads * nr);
            if (last <= first) return;
            float* partBias = biasAddress == 0 ? null : (float*)biasAddress + first;
            // A packed B's panels for columns first… start first·k floats in (first is a multiple of NR).
            float* partPacked = packedAddress == 0 ? null : (float*)packedAddress + (nint)first * k;
            GemmDriver.Run(kernel, m, last - first, k, alpha, (float*)aAddress, aRowStep, aColStep,
                (float*)bAddress + first * bColStep, bRowStep, bColStep, beta, (float*)cAddress + first, ldc, partBias, partPacked,
                (delegate*<float*, nint, int, int, void>)epilogueAddress);
        });
    }
}
