using Nn.Training;

namespace SimdNn.Perf;

/// <summary>
/// The Fashion-MNIST IDX files of the Debian package <c>dataset-fashion-mnist</c>, or of the
/// folder in env FASHION_MNIST_DIR, for the suites that train or predict on real images.
/// </summary>
internal static class FashionMnistFiles
{
    private static string Folder => Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? "/usr/share/datasets/fashion-mnist";

    /// <summary>The 60,000 training images.</summary>
    public static Dataset Train() => Load("train");

    /// <summary>The 10,000 test images.</summary>
    public static Dataset Test() => Load("t10k");

    private static Dataset Load(string prefix) =>
        IdxDataset.Load(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"));
}
