using System.Buffers.Binary;
using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Version 3 model files (the task) and what older versions load as.</summary>
public class ModelFileTaskTests
{
    // The task word follows the 16-byte prefix and the 3 layers' 16-byte entries; the label section follows it.
    private const int TaskWord = 16 + 3 * 16;

    private static byte[] Bytes(Network network, IReadOnlyList<string>? labels, ModelTask task)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, labels, task, stream);
        return stream.ToArray();
    }

    private static SavedModel Load(byte[] bytes) => ModelFile.Load(new MemoryStream(bytes, writable: false));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_regression_model_round_trips_in_a_version_3_file(bool labelled)
    {
        var network = ModelFileTests.Sample();
        var labels = labelled ? ModelFileLabelTests.Labels : null;
        var bytes = Bytes(network, labels, ModelTask.Regression);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal((int)ModelTask.Regression, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(TaskWord)));
        foreach (var loaded in new[] { Load(bytes), ModelFile.Load(new ModelFileTests.ForwardOnlyStream(bytes)) })
        {
            Assert.Equal(ModelTask.Regression, loaded.Task);
            Assert.Equal(labels, loaded.ClassLabels);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                Assert.True(network.Layers[l].Weights.SequenceEqual(loaded.Network.Layers[l].Weights));
                Assert.True(network.Layers[l].Biases.SequenceEqual(loaded.Network.Layers[l].Biases));
            }
        }

        int labelBytes = labelled ? 4 + ModelFileLabelTests.Labels.Sum(l => 4 + System.Text.Encoding.UTF8.GetByteCount(l)) : 4;
        int parameters = (13 + 1) * 9 + (9 + 1) * 6 + (6 + 1) * 4;
        Assert.Equal(TaskWord + 4 + labelBytes + 4 * parameters + 4, bytes.Length);
    }

    [Fact]
    public void A_classification_model_is_still_written_as_version_1_or_2_byte_for_byte_and_loads_as_classification()
    {
        var network = ModelFileTests.Sample();
        Assert.Equal(ModelFileLabelTests.Bytes(network, null), Bytes(network, null, ModelTask.Classification));
        Assert.Equal(ModelFileLabelTests.Bytes(network, ModelFileLabelTests.Labels), Bytes(network, ModelFileLabelTests.Labels, ModelTask.Classification));
        foreach (var labels in new[] { null, ModelFileLabelTests.Labels })
        {
            var bytes = ModelFileLabelTests.Bytes(network, labels);
            Assert.Equal(labels is null ? 1u : 2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
            Assert.Equal(ModelTask.Classification, Load(bytes).Task);
        }

        // The two-argument constructor and Deconstruct are as before; the task defaults to classification.
        var (loadedNetwork, loadedLabels) = new SavedModel(network, null);
        Assert.Same(network, loadedNetwork);
        Assert.Null(loadedLabels);
        Assert.Equal(ModelTask.Classification, new SavedModel(network, null).Task);
    }

    [Fact]
    public void An_unknown_task_code_is_reported_after_the_checksum()
    {
        var bytes = Bytes(ModelFileTests.Sample(), null, ModelTask.Regression);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(TaskWord), 7);
        Assert.Contains("Checksum mismatch", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        ModelFileTests.Reseal(bytes);
        Assert.Contains("Unknown task code 7", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_task_is_truncated_and_an_undefined_task_is_not_saved()
    {
        var bytes = Bytes(ModelFileTests.Sample(), null, ModelTask.Regression)[..(TaskWord + 2)];
        Assert.Contains("ends inside the task", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(ModelFileTests.Sample(), null, (ModelTask)5));
    }
}
