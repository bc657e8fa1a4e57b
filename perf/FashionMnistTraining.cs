using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Nn.Dense;
using Nn.Training;

namespace SimdNn.Perf;

/// <summary>
/// End-to-end Fashion-MNIST run: 784-256-128-10 (ReLU, ReLU, Softmax) trained with CrossEntropy and
/// Adam (η = 10⁻³, cosine schedule), batch 64, 20 epochs, seed 1, single thread; prints the test
/// accuracy and wall time per epoch. Needs the Debian package <c>dataset-fashion-mnist</c>
/// (files in /usr/share/datasets/fashion-mnist, or the folder in env FASHION_MNIST_DIR).
/// One cold run: <c>dotnet run -c Release --project perf -- --filter '*FashionMnist*' --inProcess
/// --warmupCount 0 --iterationCount 1 --invocationCount 1 --unrollFactor 1 --strategy ColdStart</c>.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class FashionMnistTraining
{
    private Dataset train = null!;
    private Dataset test = null!;

    [GlobalSetup]
    public void Setup()
    {
        train = FashionMnistFiles.Train();
        test = FashionMnistFiles.Test();
    }

    [Benchmark]
    public double TrainTwentyEpochs()
    {
        var network = new Network(
            new DenseLayer(784, 256, Activation.Relu),
            new DenseLayer(256, 128, Activation.Relu),
            new DenseLayer(128, 10, Activation.Softmax));
        network.Initialize(1);
        var started = Stopwatch.StartNew();
        var options = new TrainerOptions
        {
            Epochs = 20,
            BatchSize = 64,
            Seed = 1,
            Schedule = LearningRateSchedule.Cosine,
            RestoreBest = false,
            Progress = r => Console.WriteLine(
                $"// FashionMnist epoch {r.Epoch}: train loss {r.TrainLoss:F4}, train accuracy {r.TrainAccuracy:F4}, " +
                $"{r.SamplesPerSecond:F0} samples/s, elapsed {r.Elapsed.TotalSeconds:F1} s"),
        };
        new Trainer(network, Loss.CrossEntropy(), new Adam(1e-3f), options).Fit(train);
        double trainSeconds = started.Elapsed.TotalSeconds;
        double accuracy = Metrics.Evaluate(network, test).Accuracy;
        Console.WriteLine($"// FashionMnist test accuracy {accuracy:F4}, training wall time {trainSeconds:F1} s");
        return accuracy;
    }
}
