using System.Buffers.Binary;
using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>
/// The quantized model file: its documented layout, bitwise round trips of Predict in every format, and the
/// rejection of every truncation, every single-bit flip and every refused value with InvalidDataException.
/// </summary>
public class QuantizedModelFileTests
{
    public static TheoryData<WeightFormat> Formats => new() { WeightFormat.Float32, WeightFormat.BFloat16, WeightFormat.Int8 };

    private const int Prefix = 24;
    private const int Entry = 20;

    /// <summary>Batch normalization (folded), layer normalization, a slope and a softmax, as <see cref="ModelFileNormalizationTests.Sample"/>.</summary>
    internal static QuantizedNetwork Sample(WeightFormat format, IReadOnlyList<string>? labels = null, ModelTask task = ModelTask.Classification) =>
        ModelFileNormalizationTests.Sample().Quantize(format, labels, task);

    internal static byte[] Bytes(QuantizedNetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    internal static QuantizedNetwork Load(byte[] bytes) => QuantizedNetwork.Load(new MemoryStream(bytes, writable: false));

    private static void AssertRejected(byte[] bytes, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static float[] Predictions(QuantizedNetwork network, int batch, int seed)
    {
        var inputs = TestNetworks.RandomArray(new Random(seed), batch * network.InputSize, 2f);
        var outputs = new float[batch * network.OutputSize];
        network.Predict(inputs, batch, outputs);
        return outputs;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_round_trip_predicts_bit_for_bit_with_layers_labels_and_task(WeightFormat format)
    {
        string[] labels = ["cat", "dög", "🐦"];
        foreach (var (original, name) in new[]
        {
            (Sample(format), "normalized, no labels"),
            (Sample(format, labels), "labelled classification"),
            (Sample(format, labels, ModelTask.Regression), "labelled regression"),
            (Plain().Quantize(format, null, ModelTask.Regression), "plain regression"),
        })
        {
            var loaded = Load(Bytes(original));
            Assert.Equal(original.Format, loaded.Format);
            Assert.Equal(original.Task, loaded.Task);
            Assert.Equal(original.Layers, loaded.Layers);
            Assert.Equal(original.WeightBytes, loaded.WeightBytes);
            Assert.Equal(original.ClassLabels, loaded.ClassLabels);
            foreach (int batch in new[] { 1, 13 })
            {
                Assert.True(Predictions(original, batch, batch).AsSpan().SequenceEqual(Predictions(loaded, batch, batch)), $"{format}, {name}, batch {batch}");
            }

            Assert.Equal(Bytes(original), Bytes(loaded));
        }
    }

    private static Network Plain()
    {
        var network = new Network(new DenseLayer(9, 5, Activation.Relu), new DenseLayer(5, 2, Activation.Identity));
        network.Initialize(8);
        return network;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_random_network_survives_a_round_trip_bit_for_bit(WeightFormat format)
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var network = TestNetworks.RandomNetwork(new Random(seed), maxWidth: 70).Quantize(format);
            var loaded = Load(Bytes(network));
            Assert.True(Predictions(network, 5, seed).AsSpan().SequenceEqual(Predictions(loaded, 5, seed)), $"{format}, seed {seed}");
        }
    }

    [Fact]
    public void Save_to_a_path_is_atomic_and_loads_back()
    {
        string folder = Directory.CreateTempSubdirectory("simdnn-quantized-").FullName;
        try
        {
            string path = Path.Combine(folder, "m.snnq");
            var network = Sample(WeightFormat.Int8, ["a", "b", "c"]);
            network.Save(path);
            Assert.Equal(Bytes(network), File.ReadAllBytes(path));
            Assert.Equal(Predictions(network, 3, 1), Predictions(QuantizedNetwork.Load(path), 3, 1));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The layout table of <see cref="QuantizedModelFile"/>, read back field by field from a written file.</summary>
    [Theory]
    [MemberData(nameof(Formats))]
    public void The_file_has_the_documented_layout(WeightFormat format)
    {
        var network = new Network(new DenseLayer(3, 2, Activation.LeakyRelu, Normalization.Layer) { NegativeSlope = 0.25f }, new DenseLayer(2, 1, Activation.Sigmoid));
        network.Initialize(4);
        var quantized = network.Quantize(format, ["yes"], ModelTask.Regression);
        var bytes = Bytes(quantized);
        var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal("SIMDNNQM"u8.ToArray(), reader.ReadBytes(8));
        Assert.Equal(QuantizedModelFile.Magic.ToArray(), bytes[..8]);
        Assert.Equal(1u, reader.ReadUInt32());
        Assert.Equal((int)format, reader.ReadInt32());
        Assert.Equal((int)ModelTask.Regression, reader.ReadInt32());
        Assert.Equal(2, reader.ReadInt32());
        Assert.Equal([3, 2, (int)Activation.LeakyRelu], [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()]);
        Assert.Equal(0.25f, reader.ReadSingle());
        Assert.Equal((int)Normalization.Layer, reader.ReadInt32());
        Assert.Equal([2, 1, (int)Activation.Sigmoid], [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()]);
        reader.ReadSingle();
        Assert.Equal((int)Normalization.None, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        Assert.Equal("yes"u8.ToArray(), reader.ReadBytes(3));
        int weightBytes = format switch { WeightFormat.Int8 => 1, WeightFormat.BFloat16 => 2, _ => 4 };
        int scaleBytes = format == WeightFormat.Int8 ? 4 : 0;
        // Layer 0: W, (scales per output, input factors), bias, γ, β; layer 1: W, (scales, input factors), bias; then the CRC.
        long payload = (6 * weightBytes) + (2 * scaleBytes) + (3 * scaleBytes) + (3 * 2 * 4) + (2 * weightBytes) + scaleBytes + (2 * scaleBytes) + 4;
        Assert.Equal(reader.BaseStream.Position + payload + 4, bytes.Length);
        Assert.Equal(Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_file_cut_at_any_byte_is_refused_as_truncated(WeightFormat format)
    {
        var bytes = Bytes(Sample(format, ["a", "b", "c"]));
        for (int length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            var error = Record.Exception(() => Load(cut));
            Assert.True(error is InvalidDataException { Message: var message } && message.Contains("Truncated", StringComparison.Ordinal),
                $"cut at {length} of {bytes.Length}: {error?.GetType().Name ?? "loaded"}: {error?.Message}");
            Assert.IsType<InvalidDataException>(Record.Exception(() => QuantizedNetwork.Load(new ModelFileTests.ForwardOnlyStream(cut))));
        }
    }

    /// <summary>A CRC-32 catches every single-bit error, so every flip must be refused, and only ever with InvalidDataException.</summary>
    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_single_bit_flip_is_refused(WeightFormat format)
    {
        var bytes = Bytes(Sample(format, ["a", "b", "c"]));
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var error = Record.Exception(() => Load(flipped));
            Assert.True(error is InvalidDataException { Message.Length: > 0 }, $"bit {bit} of {bytes.Length * 8}: {error?.GetType().Name ?? "loaded"}: {error?.Message}");
        }
    }

    [Fact]
    public void Bad_magic_version_format_and_checksum_are_reported()
    {
        var good = Bytes(Sample(WeightFormat.Int8));
        var bytes = (byte[])good.Clone();
        bytes[7] = (byte)'F';
        AssertRejected(bytes, "bad magic");
        AssertRejected(ModelFileTests.Bytes(ModelFileNormalizationTests.Sample()), "bad magic");

        bytes = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "version 2");

        bytes = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), 3);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Unknown weight format code 3");

        bytes = (byte[])good.Clone();
        bytes[^5] ^= 1;
        AssertRejected(bytes, "Checksum mismatch");
    }

    [Theory]
    [InlineData(16, 9, "Unknown task code 9")]
    [InlineData(Prefix + 8, 77, "Unknown activation code 77 in layer 0")]
    [InlineData(Prefix + Entry + 8, (int)Activation.LogSoftmax, "Layer 1 uses LogSoftmax, which is allowed only on the last layer")]
    [InlineData(Prefix + Entry + 16, 1, "batch normalization is folded")]
    [InlineData(Prefix + Entry + 16, 5, "Unknown normalization code 5 in layer 1")]
    [InlineData(20, 0, "declares 0 layers")]
    [InlineData(Prefix + 4, 0, "layer 0 declares 5 inputs and 0 outputs")]
    [InlineData(Prefix + Entry, 6, "layer 1 takes 6 inputs but layer 0 gives 7 outputs")]
    public void Header_values_are_checked(int offset, int value, string message)
    {
        var bytes = Bytes(Sample(WeightFormat.BFloat16));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, message);
    }

    [Fact]
    public void A_non_finite_activation_parameter_is_refused()
    {
        var bytes = Bytes(Sample(WeightFormat.Float32));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(Prefix + 2 * Entry + 12), float.NaN);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Layer 2 has a non-finite activation parameter");
    }

    /// <summary>The payload of the first layer (5 inputs, 7 outputs, batch normalization folded) starts after the table and the empty label section.</summary>
    private const int Payload = Prefix + 4 * Entry + 4;

    [Fact]
    public void Int8_codes_of_minus_128_and_bad_scales_are_refused()
    {
        var good = Bytes(Sample(WeightFormat.Int8));
        var bytes = (byte[])good.Clone();
        bytes[Payload + 2 * 5 + 3] = 0x80;
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Layer 0 has weight code -128 at [2, 3]");

        foreach (float scale in new[] { float.NaN, float.PositiveInfinity, -0.5f })
        {
            bytes = (byte[])good.Clone();
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(Payload + 35 + 4 * 6), scale);
            ModelFileTests.Reseal(bytes);
            AssertRejected(bytes, "Layer 0 has weight scale");
            AssertRejected(bytes, "at output 6");
        }
    }

    [Fact]
    public void Non_finite_weights_biases_and_normalization_parameters_are_refused()
    {
        var bytes = Bytes(Sample(WeightFormat.BFloat16));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Payload + 2 * (5 * 4 + 1)), 0xFF80);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Layer 0 has a non-finite bfloat16 weight at [4, 1] (bits 0xFF80)");

        bytes = Bytes(Sample(WeightFormat.Float32));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(Payload + 4 * 7), float.NaN);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Layer 0 has a non-finite weight at [1, 2]");

        bytes = Bytes(Sample(WeightFormat.Float32));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(Payload + 4 * (35 + 2)), float.NegativeInfinity);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Layer 0 has a non-finite bias at output 2");

        // Layer 1 (7 → 6, layer normalization): W, bias, then γ and β.
        int layer1 = Payload + 4 * (35 + 7);
        foreach (var (offset, what) in new[] { (layer1 + 4 * (42 + 6 + 1), "γ at output 1"), (layer1 + 4 * (42 + 12 + 5), "β at output 5") })
        {
            bytes = Bytes(Sample(WeightFormat.Float32));
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), float.NaN);
            ModelFileTests.Reseal(bytes);
            AssertRejected(bytes, $"Layer 1 has a non-finite normalization {(what[0] == 'γ' ? "scale" : "shift")} {what}");
        }
    }

    [Theory]
    [InlineData(WeightFormat.Float32)]
    [InlineData(WeightFormat.Int8)]
    public void Sizes_beyond_the_stream_are_refused_before_allocating(WeightFormat format)
    {
        var bytes = Bytes(Sample(format));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Prefix + 4), 1 << 16);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Prefix + Entry), 1 << 16);
        ModelFileTests.Reseal(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(bytes, "Truncated");
        Assert.Throws<InvalidDataException>(() => QuantizedNetwork.Load(new ModelFileTests.ForwardOnlyStream(bytes)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);

        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Prefix), 1 << 24);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Prefix + 4), 1 << 24);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Impossible size");
    }

    [Fact]
    public void An_int8_layer_wider_than_the_kernels_take_is_an_impossible_size()
    {
        var bytes = Bytes(Sample(WeightFormat.Int8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Prefix), 65537);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "int8 layer 0 declares 65537 inputs");
    }

    [Fact]
    public void Labels_follow_the_model_file_rules()
    {
        var bytes = Bytes(Sample(WeightFormat.Int8, ["a", "b", "c"]));
        int labels = Prefix + 4 * Entry;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(labels), 2);
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "2 class labels for 3 outputs");

        bytes = Bytes(Sample(WeightFormat.Int8, ["a", "b", "c"]));
        bytes[labels + 8] = 0xFF;
        ModelFileTests.Reseal(bytes);
        AssertRejected(bytes, "Class label 0 is not valid UTF-8");

        var tooLong = new string('x', ModelFile.MaxLabelBytes + 1);
        Assert.Throws<ArgumentException>(() => Sample(WeightFormat.Int8, ["a", "b", tooLong]).Save(new MemoryStream()));
    }

    [Fact]
    public void Save_and_load_check_their_arguments()
    {
        var network = Sample(WeightFormat.Int8);
        Assert.Throws<ArgumentNullException>(() => QuantizedNetwork.Load((Stream)null!));
        Assert.ThrowsAny<ArgumentException>(() => QuantizedNetwork.Load(""));
        Assert.Throws<ArgumentNullException>(() => network.Save((Stream)null!));
        Assert.ThrowsAny<ArgumentException>(() => network.Save(""));
        Assert.Throws<ArgumentException>(() => network.Save(new MemoryStream([], writable: false)));
        Assert.Throws<FileNotFoundException>(() => QuantizedNetwork.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.snnq")));
    }
}
