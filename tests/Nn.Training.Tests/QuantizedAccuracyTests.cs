using System.Globalization;
using Nn.Dense;
using Xunit.Abstractions;

namespace Nn.Training.Tests;

/// <summary>
/// Issue 19's accuracy targets, measured on real data: the Fashion-MNIST 784-256-128-10 trained once with the CLI's
/// recipe (perf/results/fashion-mnist-parity.md: `simd-nn train --data fashion-mnist --layers 256,128 --epochs 20
/// --batch 64`, seed 1, pixels / 255; data/fashion-mnist-784-256-128-10.snn) quantized in memory and run on the
/// 10,000 test images. int8: top-1 agreement with float32 at least 99% and test accuracy at most 0.5 points lower;
/// bfloat16: agreement at least 99.8%. Both the batch path (packed, GEMM-shaped) and the batch-1 path (GEMV-shaped)
/// are held to the targets, since they run different kernels. The figures are printed (`--logger "console;verbosity=detailed"`).
/// </summary>
public class QuantizedAccuracyTests(ITestOutputHelper output)
{
    private const string ModelName = "fashion-mnist-784-256-128-10.snn";

    /// <summary>The float model's own test accuracy as trained (88.6-89.0% over seeds): far lower means a wrong model or wrong data, not a quantization loss.</summary>
    private const double FloatAccuracyFloor = 0.88;

    private static readonly Lazy<(Network Network, Dataset Test, int[] FloatClasses)> Setup = new(Load);

    [Theory]
    [InlineData(WeightFormat.Int8, 0.99, 0.005)]
    [InlineData(WeightFormat.BFloat16, 0.998, 0.005)]
    public void Quantized_predictions_agree_with_float32_on_the_test_images(WeightFormat format, double minimumAgreement, double maximumAccuracyDrop)
    {
        var (network, test, floatClasses) = Setup.Value;
        var quantized = network.Quantize(format);
        double floatAccuracy = Accuracy(floatClasses, test.Labels);
        Assert.True(floatAccuracy >= FloatAccuracyFloor, $"the float32 model scores {Percent(floatAccuracy)} on the test images; expected at least {Percent(FloatAccuracyFloor)}");
        foreach (int batch in new[] { test.Samples, 1 })
        {
            var classes = Classes(quantized.Predict, test, batch, network.OutputSize);
            double agreement = Accuracy(classes, floatClasses);
            double accuracy = Accuracy(classes, test.Labels);
            string figures = string.Create(CultureInfo.InvariantCulture,
                $"{format} (cap {Environment.GetEnvironmentVariable(Numerics.Simd.Isa.MaxVectorBitsVariable) ?? "none"}, {Numerics.Simd.Isa.Describe()}), batch {batch}: "
                + $"agreement {Percent(agreement)} ({Count(classes, floatClasses)} of {test.Samples}), accuracy {Percent(accuracy)} against float32 {Percent(floatAccuracy)} "
                + $"(a drop of {100 * (floatAccuracy - accuracy):F2} points), weights {quantized.WeightBytes:N0} bytes");
            output.WriteLine(figures);
            Assert.True(agreement >= minimumAgreement, $"{figures}; wanted agreement at least {Percent(minimumAgreement)}");
            Assert.True(floatAccuracy - accuracy <= maximumAccuracyDrop, $"{figures}; wanted a drop of at most {100 * maximumAccuracyDrop:F2} points");
        }
    }

    private static (Network, Dataset, int[]) Load()
    {
        var network = ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "data", ModelName)).Network;
        string folder = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? "/usr/share/datasets/fashion-mnist";
        string images = Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), labels = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        Assert.True(File.Exists(images) && File.Exists(labels),
            $"Fashion-MNIST's test files are not in {folder}: install the Debian package dataset-fashion-mnist (scripts/setup.sh does) or set FASHION_MNIST_DIR");
        var test = IdxDataset.Load(images, labels);
        return (network, test, Classes(network.Predict, test, test.Samples, network.OutputSize));
    }

    private delegate void Predictor(ReadOnlySpan<float> inputs, int rows, Span<float> outputs);

    /// <summary>The arg-max of each test image's outputs, predicted <paramref name="batch"/> rows at a time.</summary>
    private static int[] Classes(Predictor predict, Dataset data, int batch, int width)
    {
        var classes = new int[data.Samples];
        var outputs = new float[batch * width];
        for (int start = 0; start < data.Samples; start += batch)
        {
            int rows = Math.Min(batch, data.Samples - start);
            predict(data.Features.AsSpan(start * data.FeatureCount, rows * data.FeatureCount), rows, outputs.AsSpan(0, rows * width));
            Metrics.PredictedClasses(outputs.AsSpan(0, rows * width), rows, width, classes.AsSpan(start, rows));
        }

        return classes;
    }

    private static int Count(int[] a, int[] b) => a.Zip(b).Count(pair => pair.First == pair.Second);

    private static double Accuracy(int[] a, int[] b) => (double)Count(a, b) / a.Length;

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
