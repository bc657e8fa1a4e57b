namespace SimdNn.Fuzz;

/// <summary>
/// What every fuzz target asserts about a loader: it either returns or throws one of the
/// exceptions it documents for bad input, and it never allocates more than a stated bound.
/// Anything else leaves <see cref="Run"/> as an exception, which SharpFuzz reports to afl-fuzz as a crash.
/// </summary>
internal static class LoaderContract
{
    /// <summary>
    /// The allocation bound: 64 MiB plus 64 bytes per input byte. It covers what a loader needs for a
    /// valid input of that size (the model and ONNX readers hold the file and the floats it describes,
    /// a few times over at most) and the data-set readers under <see cref="Targets.Limits"/>, whose
    /// values (2^20 floats), rows and decompressed bytes (16 MiB) are capped well below it; a loader
    /// that sizes a buffer from a header field or grows one without limit goes past it.
    /// </summary>
    public static long AllocationBound(long inputBytes) => (64L << 20) + 64 * inputBytes;

    /// <summary>Runs <paramref name="load"/> on <paramref name="input"/> under the contract.</summary>
    /// <exception cref="LoaderContractException">The loader allocated more than the bound.</exception>
    public static void Run(byte[] input, Action<byte[]> load, params Type[] documented)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            load(input);
        }
        catch (Exception error) when (documented.Any(type => type.IsInstanceOfType(error)))
        {
            // A documented refusal of bad input: what the loader promises.
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = AllocationBound(input.Length);
        if (allocated > bound)
        {
            throw new LoaderContractException($"the loader allocated {allocated} bytes for a {input.Length}-byte input; the bound is {bound}.");
        }
    }
}

/// <summary>A broken contract other than an undocumented exception (which escapes as itself).</summary>
internal sealed class LoaderContractException(string message) : Exception(message);
