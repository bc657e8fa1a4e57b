using System.Diagnostics;
using System.Globalization;

namespace SimdNn.Perf;

/// <summary>
/// Ours and ONNX Runtime timed in one process, interleaved, for the speed-up ratio on a shared
/// machine. BenchmarkDotNet times one benchmark after the other, so a spell of other work on the
/// host (which moves either side by 5-40% here) lands on one side of a ratio; here every round
/// times ours, ORT's plain Run and ORT's IoBinding back to back (starting with a different one
/// each round), over the same <see cref="OnnxPeerPair"/>, and the ratio is taken within the round.
/// A sample is the mean of a block of calls lasting about 20 µs (so the timer's own cost stays
/// under 1%); a round's figure for a method is the median of its samples, which drops the samples
/// that another process interrupted. Placement of the weights in the caches differs between
/// processes, so scripts/peer-bench.sh runs this several times.
/// Each round also times <see cref="WeightsReadFloor"/> for the model: a plain read of as many
/// bytes as its packed weights, for how much of batch 1 is reading them.
/// Run: <c>dotnet run -c Release --project perf -- paired [rounds]</c>; writes CSV to standard output:
/// model, batch, round, and the four methods' microseconds per call.
/// </summary>
public static class PairedPeerRun
{
    private const double SampleMicroseconds = 20;
    private const int SamplesPerRound = 51;
    private static readonly string[] Models = ["784-256-128-10", "64-32-10"];
    private static readonly int[] Batches = [1, 16, 64, 256];

    /// <summary>Times every model and batch of <see cref="OnnxPeerBenchmarks"/>; args: the rounds (default 15).</summary>
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(args), rounds, "rounds must be at least 1.");
        Console.WriteLine("model,batch,round,ours_us,ort_run_us,ort_iobinding_us,weights_read_floor_us");
        int panelWidth = new Numerics.Simd.GemmPackedB(1, 1).PanelWidth;
        foreach (var model in Models)
        {
            foreach (int batch in Batches)
            {
                using var pair = new OnnxPeerPair(model, batch);
                var floor = new WeightsReadFloor(model.Split('-').Select(int.Parse).ToArray(), panelWidth);
                float sink = 0;
                Action[] methods = [pair.Ours, () => pair.OrtRun(), pair.OrtIoBinding, () => sink += floor.Read()];
                var blocks = methods.Select(WarmUpAndSizeBlock).ToArray();
                var samples = new double[SamplesPerRound];
                var figures = new double[methods.Length];
                for (int round = 0; round < rounds; round++)
                {
                    for (int turn = 0; turn < methods.Length; turn++)
                    {
                        int method = (round + turn) % methods.Length;
                        figures[method] = MedianMicroseconds(methods[method], blocks[method], samples);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{model},{batch},{round},{figures[0]:F4},{figures[1]:F4},{figures[2]:F4},{figures[3]:F4}"));
                }

                // The floor's sum is used, so the JIT cannot drop the reads.
                if (float.IsNaN(sink)) throw new InvalidOperationException("The weights read floor summed to NaN.");
            }
        }
    }

    /// <summary>Runs the method for about 0.2 s (the JIT's tiers, ORT's first-run work) and returns the calls per sample.</summary>
    internal static int WarmUpAndSizeBlock(Action method)
    {
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 200 || calls < 10)
        {
            method();
            calls++;
        }

        double perCall = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        return Math.Max(1, (int)Math.Ceiling(SampleMicroseconds / perCall));
    }

    /// <summary>The median over samples.Length samples of the mean microseconds per call in a block of block calls.</summary>
    internal static double MedianMicroseconds(Action method, int block, double[] samples)
    {
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < block; i++) method();
            samples[s] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency / block;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
