using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdNn.Perf;

/// <summary>
/// This machine's single-thread peak of the int8 dot form the int8 kernels run (measured, like
/// <see cref="FmaPeak"/>): 8 independent chains of VPMADDUBSW + VPMADDWD (with ones) + VPADDD on
/// Vector256, 32 byte products (MACs) per VPMADDUBSW; and, where the machine has them, the same
/// with AVX-VNNI's VPDPBUSD (12 chains, for its latency) and with AVX-512BW on Vector512. GOPS
/// count 2 operations per MAC, as GFLOP/s count an FMA as 2. Run: <c>dotnet run -c Release --project perf -- int8peak</c>.
/// </summary>
public static class Int8Peak
{
    private const long Iterations = 20_000_000;

    /// <summary>Peak GOPS of one thread for each dot form this machine runs (best of several timed runs).</summary>
    public static IReadOnlyList<(string Form, double GigaOps)> Measure()
    {
        var results = new List<(string, double)>();
        if (Avx2.IsSupported) results.Add(("AVX2 VPMADDUBSW+VPMADDWD+VPADDD (256-bit)", Best(Maddubs256, 8, 32)));
        if (AvxVnni.IsSupported) results.Add(("AVX-VNNI VPDPBUSD (256-bit)", Best(Vnni256, 12, 32)));
        if (Avx512BW.IsSupported) results.Add(("AVX-512BW VPMADDUBSW+VPMADDWD+VPADDD (512-bit)", Best(Maddubs512, 8, 64)));
        return results;
    }

    /// <summary>Prints <see cref="Measure"/>'s figures.</summary>
    public static void Run()
    {
        foreach (var (form, gigaOps) in Measure()) Console.WriteLine($"{form}: {gigaOps:F1} GOPS (one thread)");
        Console.WriteLine($"FMA float32 peak for comparison: {FmaPeak.GigaFlops:F1} GFLOP/s");
    }

    private static double Best(Func<long, int> loop, int chains, int macsPerInstruction)
    {
        double best = double.MaxValue;
        for (int run = 0; run < 7; run++)
        {
            long start = Stopwatch.GetTimestamp();
            int sink = loop(Iterations / 10);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (sink == 42) Console.Write(' ');
            best = Math.Min(best, seconds);
        }

        return Iterations / 10.0 * chains * macsPerInstruction * 2 / best / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Maddubs256(long iterations)
    {
        Vector256<byte> codes = Vector256.Create((byte)3);
        Vector256<sbyte> weights = Vector256.Create((sbyte)-5);
        Vector256<short> ones = Vector256<short>.One;
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a4 = Avx2.Add(a4, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a5 = Avx2.Add(a5, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a6 = Avx2.Add(a6, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            a7 = Avx2.Add(a7, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, weights), ones));
            // The inputs change each pass, so the JIT cannot hoist the products out of the loop.
            codes = Avx2.Add(codes, Vector256<byte>.One);
        }

        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Vnni256(long iterations)
    {
        Vector256<byte> codes = Vector256.Create((byte)3);
        Vector256<sbyte> weights = Vector256.Create((sbyte)-5);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector256<int> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (long i = 0; i < iterations; i++)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, codes, weights); a1 = AvxVnni.MultiplyWideningAndAdd(a1, codes, weights);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, codes, weights); a3 = AvxVnni.MultiplyWideningAndAdd(a3, codes, weights);
            a4 = AvxVnni.MultiplyWideningAndAdd(a4, codes, weights); a5 = AvxVnni.MultiplyWideningAndAdd(a5, codes, weights);
            a6 = AvxVnni.MultiplyWideningAndAdd(a6, codes, weights); a7 = AvxVnni.MultiplyWideningAndAdd(a7, codes, weights);
            a8 = AvxVnni.MultiplyWideningAndAdd(a8, codes, weights); a9 = AvxVnni.MultiplyWideningAndAdd(a9, codes, weights);
            a10 = AvxVnni.MultiplyWideningAndAdd(a10, codes, weights); a11 = AvxVnni.MultiplyWideningAndAdd(a11, codes, weights);
        }

        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Maddubs512(long iterations)
    {
        Vector512<byte> codes = Vector512.Create((byte)3);
        Vector512<sbyte> weights = Vector512.Create((sbyte)-5);
        Vector512<short> ones = Vector512<short>.One;
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512BW.Add(a0, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a1 = Avx512BW.Add(a1, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a2 = Avx512BW.Add(a2, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a3 = Avx512BW.Add(a3, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a4 = Avx512BW.Add(a4, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a5 = Avx512BW.Add(a5, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a6 = Avx512BW.Add(a6, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            a7 = Avx512BW.Add(a7, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(codes, weights), ones));
            codes = Avx512BW.Add(codes, Vector512<byte>.One);
        }

        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).ToScalar();
    }
}
