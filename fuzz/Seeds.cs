using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Nn.Dense;

namespace SimdNn.Fuzz;

/// <summary>
/// Writes the seed corpus (fuzz/corpus/TARGET/): small valid files made by the library itself,
/// so that afl-fuzz starts from inputs that reach deep into each loader. Rerun it after a format change:
/// <c>dotnet run --project fuzz -c Release -- seeds fuzz/corpus</c>.
/// </summary>
internal static class Seeds
{
    public static void Write(string folder)
    {
        var network = new Network(
            new DenseLayer(4, 3, Activation.LeakyRelu) { NegativeSlope = 0.05f },
            new DenseLayer(3, 2, Activation.Tanh),
            new DenseLayer(2, 3, Activation.Softmax));
        network.Initialize(seed: 1);
        var single = new Network(new DenseLayer(2, 1, Activation.Sigmoid));
        single.Initialize(seed: 2);

        Save(folder, "model", "three-layers.model", Bytes(network.Save));
        Save(folder, "model", "one-layer.model", Bytes(single.Save));
        Save(folder, "model", "regression-labelled.model", Bytes(stream => ModelFile.Save(network, ["a", "b", "c"], ModelTask.Regression, stream)));
        Save(folder, "model", "normalization-dropout.model", Bytes(Normalized().Save));
        foreach (var format in Enum.GetValues<WeightFormat>())
        {
            string name = format.ToString().ToLowerInvariant();
            Save(folder, "quantized", $"normalized-{name}.snnq", Bytes(Normalized().Quantize(format).Save));
            Save(folder, "quantized", $"labelled-regression-{name}.snnq", Bytes(network.Quantize(format, ["a", "b", "c"], ModelTask.Regression).Save));
        }

        Save(folder, "onnx", "three-layers.onnx", Bytes(stream => OnnxExport.Save(network, stream)));
        Save(folder, "onnx", "one-layer.onnx", Bytes(stream => OnnxExport.Save(single, stream)));

        const string rows = "5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n";
        Save(folder, "csv", "plain.csv", Encoding.UTF8.GetBytes(rows));
        Save(folder, "csv", "scikit-header.csv", Encoding.UTF8.GetBytes("3,4,setosa,versicolor,virginica\n" + rows));
        Save(folder, "csv", "column-names.csv", Encoding.UTF8.GetBytes("a,b,c,d,label\r\n1,2,3,4,1\r\n\r\n-1e3,0.5,7,8,0\r\n"));
        Save(folder, "csv", "plain.csv.gz", Gzip(Encoding.UTF8.GetBytes(rows)));

        byte[] images = Idx(0x803, [3, 2, 2], [0, 255, 16, 32, 64, 128, 1, 2, 3, 4, 5, 6]);
        byte[] labels = Idx(0x801, [3], [0, 1, 9]);
        Save(folder, "idx", "plain.idx", Targets.JoinIdx(images, labels));
        Save(folder, "idx", "gzip.idx", Targets.JoinIdx(Gzip(images), Gzip(labels)));
    }

    /// <summary>A version 4 file: batch and layer normalization with dropout on the hidden layers, batch normalization on the last.</summary>
    private static Network Normalized()
    {
        var network = new Network(
            new DenseLayer(4, 3, Activation.Relu, Normalization.Batch, 0.2f),
            new DenseLayer(3, 3, Activation.Gelu, Normalization.Layer, 0.1f),
            new DenseLayer(3, 2, Activation.Softmax, Normalization.Batch));
        network.Initialize(seed: 3);
        return network;
    }

    private static byte[] Idx(int magic, int[] sizes, byte[] data)
    {
        var bytes = new byte[4 + 4 * sizes.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < sizes.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        data.CopyTo(bytes, 4 + 4 * sizes.Length);
        return bytes;
    }

    private static byte[] Bytes(Action<Stream> write)
    {
        using var memory = new MemoryStream();
        write(memory);
        return memory.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(content);
        return memory.ToArray();
    }

    private static void Save(string folder, string target, string name, byte[] bytes)
    {
        string directory = Path.Combine(folder, target);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }
}
