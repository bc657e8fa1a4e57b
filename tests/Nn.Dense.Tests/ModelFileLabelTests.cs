using System.Buffers.Binary;
using System.Text;
using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Version 2 model files (class labels) and the size limits that saving shares with loading.</summary>
public class ModelFileLabelTests
{
    /// <summary>One label per output of <see cref="ModelFileTests.Sample"/> (4): ASCII, non-ASCII, a number, an empty label.</summary>
    internal static readonly string[] Labels = ["cat", "Bär ü 猫", "1000", ""];

    // The label section starts after the 16-byte prefix and the 3 layers' 16-byte entries.
    private const int LabelSection = 16 + 3 * 16;

    internal static byte[] Bytes(Network network, IReadOnlyList<string>? labels)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, labels, stream);
        return stream.ToArray();
    }

    private static SavedModel Load(byte[] bytes) => ModelFile.Load(new MemoryStream(bytes, writable: false));

    [Fact]
    public void Labels_round_trip_in_a_version_2_file_that_Network_Load_also_reads()
    {
        var network = ModelFileTests.Sample();
        var bytes = Bytes(network, Labels);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        var loaded = Load(bytes);
        Assert.Equal(Labels, loaded.ClassLabels);
        Assert.True(network.Layers[2].Weights.SequenceEqual(loaded.Network.Layers[2].Weights));
        Assert.True(network.Layers[0].Weights.SequenceEqual(Network.Load(new MemoryStream(bytes)).Layers[0].Weights));
        Assert.Equal(Labels, ModelFile.Load(new ModelFileTests.ForwardOnlyStream(bytes)).ClassLabels);
    }

    [Fact]
    public void The_label_section_has_the_documented_layout()
    {
        var bytes = Bytes(ModelFileTests.Sample(), Labels);
        int position = LabelSection;
        Assert.Equal(Labels.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position)));
        position += 4;
        foreach (string label in Labels)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));
            Assert.Equal(label, Encoding.UTF8.GetString(bytes, position + 4, length));
            position += 4 + length;
        }

        int parameters = (13 + 1) * 9 + (9 + 1) * 6 + (6 + 1) * 4;
        Assert.Equal(position + 4 * parameters + 4, bytes.Length);
    }

    [Fact]
    public void Without_labels_the_file_is_version_1_byte_for_byte_as_before()
    {
        var network = ModelFileTests.Sample();
        var bytes = Bytes(network, null);
        Assert.Equal(ModelFileTests.Bytes(network), bytes);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Null(Load(bytes).ClassLabels);
    }

    [Fact]
    public void Save_refuses_labels_a_reader_would_refuse_and_writes_nothing()
    {
        var network = ModelFileTests.Sample();
        Assert.Contains("3 class labels for 4 outputs", Assert.Throws<ArgumentException>(() => Bytes(network, ["a", "b", "c"])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Bytes(network, ["a", "b", "c", new string('x', ModelFile.MaxLabelBytes + 1)]));
        Assert.Throws<ArgumentException>(() => Bytes(network, ["a", "b", "c", "\ud800"]));
        Assert.Throws<ArgumentException>(() => Bytes(network, ["a", "b", "c", null!]));
        Assert.Equal(Labels.Length, Load(Bytes(network, ["a", "b", "c", new string('x', ModelFile.MaxLabelBytes)])).ClassLabels!.Count);

        string folder = Directory.CreateTempSubdirectory("simdnn-labels-").FullName;
        try
        {
            Assert.Throws<ArgumentException>(() => ModelFile.Save(network, ["a"], Path.Combine(folder, "m.snn")));
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<int, int, string> BadSections => new()
    {
        { 0, 3, "declares 3 class labels for 4 outputs" },
        { 0, -1, "declares -1 class labels" },
        { 4, ModelFile.MaxLabelBytes + 1, $"class label 0 declares {ModelFile.MaxLabelBytes + 1} bytes" },
        { 4, -5, "class label 0 declares -5 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void Impossible_label_sizes_are_reported(int offset, int value, string message)
    {
        var bytes = Bytes(ModelFileTests.Sample(), Labels);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(LabelSection + offset), value);
        ModelFileTests.Reseal(bytes);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_that_is_not_utf8_is_reported_after_the_checksum()
    {
        var bytes = Bytes(ModelFileTests.Sample(), Labels);
        bytes[LabelSection + 8] = 0xFF; // the first byte of "cat"
        Assert.Contains("Checksum mismatch", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        ModelFileTests.Reseal(bytes);
        Assert.Contains("Class label 0 is not valid UTF-8", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_labels_is_truncated()
    {
        var bytes = Bytes(ModelFileTests.Sample(), Labels)[..(LabelSection + 9)];
        Assert.Contains("ends inside the class labels", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
    }

    public static TheoryData<int[], bool, long> Shapes => new()
    {
        { [4, 8, 3], true, 5 * 8 + 9 * 3 },
        { [100_000, 2685, 2], false, 100_001L * 2685 + 2686 * 2 },
        { [4, 65_536, 65_536, 3], false, 5L * 65_536 + 65_537L * 65_536 + 65_537L * 3 },
        { [16_383, 16_383], true, 16_384L * 16_383 },
        { [4], false, 0 },
        { [4, 0], false, 0 },
        { [ModelFile.MaxLayerWidth + 1, 1], false, ModelFile.MaxLayerWidth + 2L },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fits_applies_the_limits_that_loading_enforces(int[] sizes, bool fits, long parameters)
    {
        Assert.Equal(fits, ModelFile.Fits(sizes, out long counted));
        Assert.Equal(parameters, counted);
    }

    [Fact]
    public void Fits_counts_layers_against_MaxLayers()
    {
        Assert.True(ModelFile.Fits(Enumerable.Repeat(1, ModelFile.MaxLayers + 1).ToArray(), out _));
        Assert.False(ModelFile.Fits(Enumerable.Repeat(1, ModelFile.MaxLayers + 2).ToArray(), out _));
    }

    [Fact]
    public void Save_refuses_a_network_that_loading_would_refuse()
    {
        var layers = Enumerable.Range(0, ModelFile.MaxLayers + 1).Select(_ => new DenseLayer(1, 1, Activation.Identity)).ToArray();
        var error = Assert.Throws<ArgumentException>(() => ModelFileTests.Bytes(new Network(layers)));
        Assert.Contains("could not be loaded back", error.Message, StringComparison.Ordinal);
    }
}
