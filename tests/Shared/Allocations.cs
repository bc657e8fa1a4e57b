namespace SimdNn.Testing;

/// <summary>
/// Measures what a piece of code allocates on the calling thread once it is warm, for the
/// zero-allocation tests.
/// </summary>
/// <remarks>
/// A single measurement can see bytes the code under test never asked for. While a run is
/// timed, the runtime may do one-off work on the measuring thread, such as installing a
/// method's tier-1 code. That happens more often when other tests are compiling code at the
/// same time: zero-allocation tests saw 2,736 B once in 25 runs of the suite and 4,136 B once
/// in a CI run, on code that allocates nothing. So the code is run several times and the fewest
/// bytes of one run are kept. A steady-state allocation (a buffer, a closure, a boxed value made
/// on each call) is made on every run, so it still shows, and a test asserting 0 still fails on it.
/// </remarks>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="run"/> allocated on this thread in one of up to
    /// <paramref name="attempts"/> runs; it stops at the first run that allocates nothing.
    /// Callers warm up first, so that what they call steady state (buffers sized, state created) is explicit.
    /// </summary>
    public static long FewestPerRun(Action run, int attempts = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < attempts && fewest > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
