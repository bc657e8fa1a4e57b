using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nn.Dense;
using Numerics.Simd;
using Nn.Training;
using SimdNn.Cli.Files;
using SimdNn.Cli.Training;

namespace SimdNn.Cli.Benchmarks;

/// <summary>One measured figure of `simd-nn bench`.</summary>
internal sealed record BenchFigure(string Name, double Value, string Unit, string Note);

/// <summary>
/// A quick in-process measurement (well under 30 s), single-threaded unless said: the FMA peak of the chosen
/// vector width, GEMM throughput against it, Predict latency and training throughput. Each figure
/// is the best of a few timed repetitions; for careful numbers use perf/ (BenchmarkDotNet).
/// </summary>
internal static class QuickBench
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(400);

    /// <summary>The figures in order; <paramref name="model"/> (bench --model), when given, is the one whose Predict is timed instead of a random float32 784-256-128-10.</summary>
    public static IEnumerable<BenchFigure> Run(Action<string> status, InferenceModel? model = null)
    {
        status("FMA peak");
        double peak = FmaPeakGflops();
        yield return new BenchFigure("FMA peak, one core", peak, "GFLOP/s", $"{Describe()} fused multiply-add, 12 independent chains");
        foreach (var (m, n, k) in new[] { (64, 64, 64), (256, 256, 256), (512, 512, 512), (64, 256, 784) })
        {
            status($"GEMM {m}x{n}x{k}");
            double gflops = GemmGflops(m, n, k);
            yield return new BenchFigure($"GEMM {m}x{n}x{k}", gflops, "GFLOP/s", $"{100 * gflops / peak:F0}% of peak");
        }

        if (Environment.ProcessorCount > 1)
        {
            int threads = Environment.ProcessorCount;
            status($"GEMM 512x512x512 on {threads} threads");
            Gemm.MaxDegreeOfParallelism = threads;
            double parallel = GemmGflops(512, 512, 512);
            Gemm.MaxDegreeOfParallelism = 1;
            yield return new BenchFigure($"GEMM 512x512x512, {threads} threads", parallel, "GFLOP/s", $"{100 * parallel / (threads * peak):F0}% of {threads} x peak");
        }

        string timed = model is null ? "784-256-128-10" : $"{model.Kind} {string.Join('-', [model.InputSize, .. model.Layers.Select(layer => layer.Outputs)])}";
        model ??= DefaultModel();
        foreach (int batch in new[] { 1, 64 })
        {
            status($"Predict batch {batch}");
            double micros = PredictMicroseconds(model, batch);
            yield return new BenchFigure($"Predict {timed}, batch {batch}", micros, "µs", $"{batch * 1e6 / micros:N0} samples/s");
        }

        status("training");
        yield return new BenchFigure("Training 784-256-128-10, batch 64", TrainingSamplesPerSecond(), "samples/s", "Adam, 1024 random rows per epoch (second epoch)");
    }

    public static string Describe() => Isa.Describe();

    private static FloatModel DefaultModel()
    {
        var network = new Network(new DenseLayer(784, 256, Activation.Relu), new DenseLayer(256, 128, Activation.Relu), new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(1);
        return new FloatModel(network);
    }

    private static double Measure(Action action, double flopsPerCall)
    {
        action();
        double best = double.PositiveInfinity;
        var total = Stopwatch.StartNew();
        int runs = 0;
        while (total.Elapsed < Budget || runs < 3)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            runs++;
            if (total.Elapsed > 4 * Budget) break;
        }

        return flopsPerCall / best;
    }

    private static double FmaPeakGflops()
    {
        const int Iterations = 2_000_000;
        int lanes = Isa.VectorBits switch { 512 => 16, 256 => 8, 128 => 4, _ => 1 };
        return Measure(() => FmaLoop(Iterations), 2.0 * 12 * lanes * Iterations) / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float FmaLoop(int iterations)
    {
        // Twelve independent accumulators hide the FMA latency (4 cycles, 2 ports on Zen 5).
        switch (Isa.VectorBits)
        {
            case 512:
                {
                    var a = Vector512.Create(0.999f);
                    var b = Vector512.Create(1e-7f);
                    Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
                    for (int i = 0; i < iterations; i++)
                    {
                        c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b); c2 = Vector512.FusedMultiplyAdd(c2, a, b);
                        c3 = Vector512.FusedMultiplyAdd(c3, a, b); c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
                        c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b); c8 = Vector512.FusedMultiplyAdd(c8, a, b);
                        c9 = Vector512.FusedMultiplyAdd(c9, a, b); c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
                    }

                    return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
                }

            case 256:
                {
                    var a = Vector256.Create(0.999f);
                    var b = Vector256.Create(1e-7f);
                    Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
                    for (int i = 0; i < iterations; i++)
                    {
                        c0 = Vector256.FusedMultiplyAdd(c0, a, b); c1 = Vector256.FusedMultiplyAdd(c1, a, b); c2 = Vector256.FusedMultiplyAdd(c2, a, b);
                        c3 = Vector256.FusedMultiplyAdd(c3, a, b); c4 = Vector256.FusedMultiplyAdd(c4, a, b); c5 = Vector256.FusedMultiplyAdd(c5, a, b);
                        c6 = Vector256.FusedMultiplyAdd(c6, a, b); c7 = Vector256.FusedMultiplyAdd(c7, a, b); c8 = Vector256.FusedMultiplyAdd(c8, a, b);
                        c9 = Vector256.FusedMultiplyAdd(c9, a, b); c10 = Vector256.FusedMultiplyAdd(c10, a, b); c11 = Vector256.FusedMultiplyAdd(c11, a, b);
                    }

                    return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
                }

            case 128:
                {
                    var a = Vector128.Create(0.999f);
                    var b = Vector128.Create(1e-7f);
                    Vector128<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
                    for (int i = 0; i < iterations; i++)
                    {
                        c0 = Vector128.FusedMultiplyAdd(c0, a, b); c1 = Vector128.FusedMultiplyAdd(c1, a, b); c2 = Vector128.FusedMultiplyAdd(c2, a, b);
                        c3 = Vector128.FusedMultiplyAdd(c3, a, b); c4 = Vector128.FusedMultiplyAdd(c4, a, b); c5 = Vector128.FusedMultiplyAdd(c5, a, b);
                        c6 = Vector128.FusedMultiplyAdd(c6, a, b); c7 = Vector128.FusedMultiplyAdd(c7, a, b); c8 = Vector128.FusedMultiplyAdd(c8, a, b);
                        c9 = Vector128.FusedMultiplyAdd(c9, a, b); c10 = Vector128.FusedMultiplyAdd(c10, a, b); c11 = Vector128.FusedMultiplyAdd(c11, a, b);
                    }

                    return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
                }

            default:
                {
                    float a = 0.999f, b = 1e-7f;
                    float c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
                    for (int i = 0; i < iterations; i++)
                    {
                        c0 = MathF.FusedMultiplyAdd(c0, a, b); c1 = MathF.FusedMultiplyAdd(c1, a, b); c2 = MathF.FusedMultiplyAdd(c2, a, b);
                        c3 = MathF.FusedMultiplyAdd(c3, a, b); c4 = MathF.FusedMultiplyAdd(c4, a, b); c5 = MathF.FusedMultiplyAdd(c5, a, b);
                        c6 = MathF.FusedMultiplyAdd(c6, a, b); c7 = MathF.FusedMultiplyAdd(c7, a, b); c8 = MathF.FusedMultiplyAdd(c8, a, b);
                        c9 = MathF.FusedMultiplyAdd(c9, a, b); c10 = MathF.FusedMultiplyAdd(c10, a, b); c11 = MathF.FusedMultiplyAdd(c11, a, b);
                    }

                    return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
                }
        }
    }

    private static double GemmGflops(int m, int n, int k)
    {
        var random = new Random(1);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        var c = new float[m * n];
        return Measure(() => Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n), 2.0 * m * n * k) / 1e9;
    }

    private static double PredictMicroseconds(InferenceModel network, int batch)
    {
        var inputs = new float[batch * network.InputSize];
        new Random(2).NextBytes(new byte[1]);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (i % 17) / 17f;
        var outputs = new float[batch * network.OutputSize];
        double callsPerSecond = Measure(() => network.Predict(inputs, batch, outputs), 1);
        return 1e6 / callsPerSecond;
    }

    private static double TrainingSamplesPerSecond()
    {
        const int Rows = 1024;
        var settings = new TrainSettings([256, 128], Activation.Relu, LossKind.CrossEntropy, OptimizerKind.Adam, 1e-3f, 0.9f, 0, 1, 64, 0, 1, 0);
        var network = settings.BuildNetwork(784, 10);
        var random = new Random(3);
        var features = Enumerable.Range(0, Rows * 784).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, Rows).Select(_ => random.Next(10)).ToArray();
        var data = new Dataset(features, 784, labels, 10);
        var trainer = new Trainer(network, settings.CreateLoss(), settings.CreateOptimizer(), new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 1 });
        var history = trainer.Fit(data);
        // The second epoch: the first includes JIT and first-touch of the scratch buffers.
        return history.Epochs[^1].SamplesPerSecond;
    }
}
