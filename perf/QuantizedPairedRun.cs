using System.Globalization;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// Quantized inference against ONNX Runtime, interleaved in one process as <see cref="PairedPeerRun"/> does it (the
/// same sampling: blocks of about 20 µs, the median of 51 per round, the starting method rotated each round), on
/// one thread: the five methods of <see cref="QuantizedPeerSet"/> at batches 1, 64 and 256. Writes CSV to standard
/// output, one line per round: batch, round, and each method's microseconds per call. Lines starting with '#'
/// are the report: first the bytes of weights per format, then per batch the allocation of ours per call
/// (over a block of calls: it must be 0), the median of each method over the rounds, and the speed-ups the
/// quantized inference issue (19) targets, each the median over the rounds of the ratio within a round.
/// Run: <c>dotnet run -c Release --project perf -- quantized-paired [rounds]</c> (default 15 rounds).
/// </summary>
public static class QuantizedPairedRun
{
    private const int SamplesPerRound = 51;
    private const int AllocationCalls = 100;
    private static readonly int[] Batches = [1, 64, 256];
    private static readonly string[] Names = ["ours_float32", "ours_int8", "ours_bfloat16", "ort_float32", "ort_int8"];

    /// <summary>Indices into <see cref="Names"/>.</summary>
    private const int OursFloat32 = 0, OursInt8 = 1, OursBFloat16 = 2, OrtFloat32 = 3, OrtInt8 = 4;

    /// <summary>"A vs B" is B's time over A's (above 1: A is faster), with the issue's target at a batch (null: none).</summary>
    private static readonly (int Ours, int Peer, Func<int, double?> Target)[] Comparisons =
    [
        (OursInt8, OrtFloat32, batch => batch == 1 ? 4.0 : null),
        (OursInt8, OrtInt8, batch => batch == 1 ? 2.0 : 0.85),
        (OursBFloat16, OrtFloat32, batch => batch == 1 ? 2.5 : null),
        (OursInt8, OursFloat32, batch => batch == 1 ? null : 1.6),
        (OursBFloat16, OursFloat32, _ => null),
    ];

    /// <summary>Times every batch; args: the rounds (default 15).</summary>
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(args), rounds, "rounds must be at least 1.");
        Console.WriteLine($"# model {QuantizedPeerSet.Model}, one thread, {Isa.Describe()}");
        Console.WriteLine("batch,round," + string.Join(",", Names.Select(name => name + "_us")));
        foreach (int batch in Batches)
        {
            using var set = new QuantizedPeerSet(batch);
            if (batch == Batches[0]) WriteBytes(set);
            Action[] methods = [set.OursFloat32, set.OursInt8, set.OursBFloat16, set.OrtFloat32, set.OrtInt8];
            var blocks = methods.Select(PairedPeerRun.WarmUpAndSizeBlock).ToArray();
            var allocated = methods[..3].Select(AllocatedBytesPerCall).ToArray();
            var samples = new double[SamplesPerRound];
            var figures = new double[rounds, methods.Length];
            for (int round = 0; round < rounds; round++)
            {
                for (int turn = 0; turn < methods.Length; turn++)
                {
                    int method = (round + turn) % methods.Length;
                    figures[round, method] = PairedPeerRun.MedianMicroseconds(methods[method], blocks[method], samples);
                }

                var line = Enumerable.Range(0, methods.Length).Select(m => figures[round, m].ToString("F4", CultureInfo.InvariantCulture));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batch},{round},{string.Join(",", line)}"));
            }

            WriteSummary(set, batch, figures, allocated);
        }
    }

    private static void WriteBytes(QuantizedPeerSet set)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# weight bytes: float32 {set.Float32WeightBytes}, bfloat16 {set.BFloat16WeightBytes}, int8 {set.Int8WeightBytes} (codes + one float scale per output); biases not counted"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# ONNX model bytes: float32 {set.Float32OnnxBytes}, int8 {set.Int8OnnxBytes}"));
    }

    /// <summary>Bytes allocated on this thread per call, over a block of calls after the warm-up.</summary>
    private static double AllocatedBytesPerCall(Action method)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < AllocationCalls; i++) method();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)AllocationCalls;
    }

    private static void WriteSummary(QuantizedPeerSet set, int batch, double[,] figures, double[] allocated)
    {
        int rounds = figures.GetLength(0);
        var medians = Enumerable.Range(0, Names.Length).Select(m => Median(Enumerable.Range(0, rounds).Select(r => figures[r, m])));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# batch {batch}, medians over {rounds} rounds (µs): {string.Join(", ", Names.Zip(medians, (name, median) => $"{name} {median:F2}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# batch {batch}, largest output difference: ORT float32 vs ours float32 {set.Float32Difference:G3}, ours bfloat16 vs float32 {set.BFloat16Difference:G3}, ours int8 vs float32 {set.Int8Difference:G3}, ours int8 vs ORT int8 (row by row) {set.Int8PeerDifference:G3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# batch {batch}, allocated per call (B): {string.Join(", ", Names.Zip(allocated, (name, bytes) => $"{name} {bytes:0.##}"))}{(allocated.Any(bytes => bytes > 0) ? " (must be 0: NOT MET)" : "")}"));
        foreach (var (ours, peer, target) in Comparisons)
        {
            double ratio = Median(Enumerable.Range(0, rounds).Select(r => figures[r, peer] / figures[r, ours]));
            string verdict = target(batch) is double goal ? $" (target >= {goal:0.##}: {(ratio >= goal ? "met" : "missed")})" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# batch {batch}, {Names[ours]} vs {Names[peer]}: {ratio:F2}x{verdict}"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
