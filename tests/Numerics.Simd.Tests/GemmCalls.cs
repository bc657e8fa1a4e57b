namespace Numerics.Simd.Tests;

/// <summary>
/// Runs a check with the GEMM's cache blocks shrunk on the calling thread (KC = 7, MC = 24,
/// NC = 64), so shapes of up to about a hundred cross several blocks of each kind: k slices that
/// start mid-row, blocks of A that end on short slivers, panels of B split across NC.
/// </summary>
internal static class SmallBlocks
{
    public static void Run(Action check)
    {
        GemmBlocking.Override(7, 24, 64);
        try
        {
            check();
        }
        finally
        {
            GemmBlocking.Reset();
        }
    }
}
