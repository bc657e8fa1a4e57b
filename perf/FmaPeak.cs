using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdNn.Perf;

/// <summary>
/// This machine's single-thread FMA peak, measured (not assumed): 16 independent Vector512
/// (or Vector256) FMA chains, enough to cover 2 FMA ports × 4 cycles latency, in a call-free
/// method so the JIT keeps every accumulator in a register (GemmBenchmarks reports % of this figure).
/// </summary>
public static class FmaPeak
{
    private static readonly Lazy<double> Measured = new(Measure);

    /// <summary>Peak GFLOP/s of one thread (best of several timed runs; 2 FLOP per FMA lane).</summary>
    public static double GigaFlops => Measured.Value;

    private static double Measure()
    {
        const long Iterations = 20_000_000;
        int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        double best = double.MaxValue;
        for (int run = 0; run < 7; run++)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = Vector512.IsHardwareAccelerated ? Loop512(Iterations / 10, 1.0000001f) : Loop256(Iterations / 10, 1.0000001f);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (sink == 42f) Console.Write(' ');
            best = Math.Min(best, seconds);
        }

        return Iterations / 10 * 16.0 * lanes * 2 / best / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iterations, float factor)
    {
        var m = Vector512.Create(factor);
        var add = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        Vector512<float> a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, add); a1 = Vector512.FusedMultiplyAdd(a1, m, add);
            a2 = Vector512.FusedMultiplyAdd(a2, m, add); a3 = Vector512.FusedMultiplyAdd(a3, m, add);
            a4 = Vector512.FusedMultiplyAdd(a4, m, add); a5 = Vector512.FusedMultiplyAdd(a5, m, add);
            a6 = Vector512.FusedMultiplyAdd(a6, m, add); a7 = Vector512.FusedMultiplyAdd(a7, m, add);
            a8 = Vector512.FusedMultiplyAdd(a8, m, add); a9 = Vector512.FusedMultiplyAdd(a9, m, add);
            a10 = Vector512.FusedMultiplyAdd(a10, m, add); a11 = Vector512.FusedMultiplyAdd(a11, m, add);
            a12 = Vector512.FusedMultiplyAdd(a12, m, add); a13 = Vector512.FusedMultiplyAdd(a13, m, add);
            a14 = Vector512.FusedMultiplyAdd(a14, m, add); a15 = Vector512.FusedMultiplyAdd(a15, m, add);
        }

        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return sum.ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iterations, float factor)
    {
        var m = Vector256.Create(factor);
        var add = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        Vector256<float> a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, add); a1 = Vector256.FusedMultiplyAdd(a1, m, add);
            a2 = Vector256.FusedMultiplyAdd(a2, m, add); a3 = Vector256.FusedMultiplyAdd(a3, m, add);
            a4 = Vector256.FusedMultiplyAdd(a4, m, add); a5 = Vector256.FusedMultiplyAdd(a5, m, add);
            a6 = Vector256.FusedMultiplyAdd(a6, m, add); a7 = Vector256.FusedMultiplyAdd(a7, m, add);
            a8 = Vector256.FusedMultiplyAdd(a8, m, add); a9 = Vector256.FusedMultiplyAdd(a9, m, add);
            a10 = Vector256.FusedMultiplyAdd(a10, m, add); a11 = Vector256.FusedMultiplyAdd(a11, m, add);
            a12 = Vector256.FusedMultiplyAdd(a12, m, add); a13 = Vector256.FusedMultiplyAdd(a13, m, add);
            a14 = Vector256.FusedMultiplyAdd(a14, m, add); a15 = Vector256.FusedMultiplyAdd(a15, m, add);
        }

        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return sum.ToScalar();
    }
}
