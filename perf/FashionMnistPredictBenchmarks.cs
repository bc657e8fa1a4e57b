using BenchmarkDotNet.Attributes;
using Nn.Dense;
using Nn.Training;
using Numerics.Simd;

namespace SimdNn.Perf;

/// <summary>
/// Batch-1 inference on real images: a 784-256-128-10 network (ReLU, ReLU, Softmax) trained for
/// 3 epochs on Fashion-MNIST (seed 1, Adam, batch 64), then <c>Predict</c> on each of the first
/// 1,000 test images in turn; one operation is the 1,000 calls. Baseline: every weight row read
/// (<see cref="Gemm.SkipZeroRows"/> off); against it, the one-row product skipping the rows
/// whose input is zero (the images are about half background zeros, the ReLU layers' outputs
/// half zeros or more). Needs the Debian package
/// <c>dataset-fashion-mnist</c> (or the folder in env FASHION_MNIST_DIR). Run:
/// <c>dotnet run -c Release --project perf -- --filter '*FashionMnistPredict*'</c>.
/// </summary>
[MemoryDiagnoser]
public class FashionMnistPredictBenchmarks
{
    private const int Images = 1000;
    private Network network = null!;
    private Dataset test = null!;
    private readonly float[] output = new float[10];

    [GlobalSetup(Target = nameof(SkippingZeros))]
    public void Setup()
    {
        var train = FashionMnistFiles.Train();
        test = FashionMnistFiles.Test();
        network = new Network(
            new DenseLayer(784, 256, Activation.Relu),
            new DenseLayer(256, 128, Activation.Relu),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(1);
        new Trainer(network, Loss.CrossEntropy(), new Adam(1e-3f), new TrainerOptions { Epochs = 3, BatchSize = 64, Seed = 1 }).Fit(train);
    }

    /// <summary>Every row read: <see cref="Gemm.SkipZeroRows"/> off for this benchmark's process.</summary>
    [GlobalSetup(Target = nameof(EveryRow))]
    public void SetupEveryRow()
    {
        Setup();
        Gemm.SkipZeroRows = false;
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.SkipZeroRows = true;

    [Benchmark(Baseline = true, OperationsPerInvoke = Images)]
    public void EveryRow() => PredictAll();

    [Benchmark(OperationsPerInvoke = Images)]
    public void SkippingZeros() => PredictAll();

    private void PredictAll()
    {
        for (int i = 0; i < Images; i++) network.Predict(test.Sample(i), output);
    }
}
