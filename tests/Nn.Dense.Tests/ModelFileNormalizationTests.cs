using System.Buffers.Binary;
using System.Text;
using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>
/// Version 4 model files (normalization and dropout): the documented layout against a plain writer, bitwise
/// round trips of Predict and of a further training step, and the rejection of every kind of damage.
/// </summary>
public class ModelFileNormalizationTests
{
    // The normalization table follows the 16-byte prefix, the 4 layers' 16-byte entries and the task word.
    private const int Table = 16 + 4 * 16 + 4;

    /// <summary>Every normalization, dropout on hidden layers only, γ, β and running statistics away from their starting values.</summary>
    internal static Network Sample(int seed = 1)
    {
        var network = new Network(
            new DenseLayer(5, 7, Activation.Relu, Normalization.Batch, 0.2f),
            new DenseLayer(7, 6, Activation.Gelu, Normalization.Layer, 0.1f),
            new DenseLayer(6, 4, Activation.LeakyRelu, Normalization.None, 0.3f) { NegativeSlope = 0.05f },
            new DenseLayer(4, 3, Activation.Softmax, Normalization.Batch));
        network.Initialize(seed);
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            TestNetworks.Fill(random, layer.Biases, 0.5f);
            TestNetworks.Fill(random, layer.NormalizationShift, 0.5f);
            TestNetworks.Fill(random, layer.RunningMean, 0.5f);
            var scale = layer.NormalizationScale;
            for (int j = 0; j < scale.Length; j++) scale[j] = (float)(0.5 + random.NextDouble());
            var variance = layer.RunningVariance;
            for (int j = 0; j < variance.Length; j++) variance[j] = (float)(0.25 + random.NextDouble());
        }

        return network;
    }

    private static byte[] Bytes(Network network, IReadOnlyList<string>? labels = null, ModelTask task = ModelTask.Classification)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(network, labels, task, stream);
        return stream.ToArray();
    }

    private static SavedModel Load(byte[] bytes) => ModelFile.Load(new MemoryStream(bytes, writable: false));

    /// <summary>
    /// The format table of <see cref="ModelFile"/> written out field by field with a BinaryWriter (always
    /// little-endian): what every version's file must be, byte for byte.
    /// </summary>
    private static byte[] ReferenceFile(uint version, Network network, string[]? labels, ModelTask task)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("SIMDNNMF"u8);
            writer.Write(version);
            writer.Write(network.Layers.Count);
            foreach (var layer in network.Layers)
            {
                writer.Write(layer.Inputs);
                writer.Write(layer.Outputs);
                writer.Write((int)layer.Activation);
                writer.Write(layer.ActivationParameter);
            }

            if (version >= 3) writer.Write((int)task);
            if (version >= 4)
            {
                foreach (var layer in network.Layers)
                {
                    writer.Write((int)layer.Normalization);
                    writer.Write(layer.DropoutRate);
                }
            }

            if (version >= 2)
            {
                writer.Write(labels?.Length ?? 0);
                foreach (var label in labels ?? [])
                {
                    writer.Write(Encoding.UTF8.GetByteCount(label));
                    writer.Write(Encoding.UTF8.GetBytes(label));
                }
            }

            foreach (var layer in network.Layers)
            {
                foreach (var values in new[] { layer.ReadOnlyWeights.ToArray(), layer.Biases.ToArray(), layer.NormalizationScale.ToArray(),
                    layer.NormalizationShift.ToArray(), layer.RunningMean.ToArray(), layer.RunningVariance.ToArray() })
                {
                    foreach (float value in values) writer.Write(value);
                }
            }
        }

        var bytes = memory.ToArray();
        var checksum = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32.Compute(bytes));
        return [.. bytes, .. checksum];
    }

    [Fact]
    public void Every_version_has_the_documented_layout_and_a_model_without_normalization_keeps_its_old_version()
    {
        // Versions 1 to 3 as before: the same network built with the normalization constructor and nothing to store.
        var plain = ModelFileTests.Sample();
        var rebuilt = new Network([.. plain.Layers.Select(l =>
            new DenseLayer(l.Inputs, l.Outputs, l.Activation, Normalization.None, 0f) { ActivationParameter = l.ActivationParameter })]);
        for (int i = 0; i < plain.Layers.Count; i++)
        {
            rebuilt.Layers[i].CopyWeightsFrom(plain.Layers[i].ReadOnlyWeights);
            rebuilt.Layers[i].CopyBiasesFrom(plain.Layers[i].Biases);
        }

        var labels = ModelFileLabelTests.Labels;
        foreach (var network in new[] { plain, rebuilt })
        {
            Assert.Equal(ReferenceFile(1, network, null, ModelTask.Classification), Bytes(network));
            Assert.Equal(ReferenceFile(2, network, labels, ModelTask.Classification), Bytes(network, labels));
            Assert.Equal(ReferenceFile(3, network, null, ModelTask.Regression), Bytes(network, null, ModelTask.Regression));
            Assert.Equal(ReferenceFile(3, network, labels, ModelTask.Regression), Bytes(network, labels, ModelTask.Regression));
        }

        var normalized = Sample();
        string[] classes = ["a", "β", ""];
        Assert.Equal(ReferenceFile(4, normalized, null, ModelTask.Classification), Bytes(normalized));
        Assert.Equal(ReferenceFile(4, normalized, classes, ModelTask.Regression), Bytes(normalized, classes, ModelTask.Regression));

        // Dropout alone needs version 4 too (a reader of version 3 would train without it).
        var dropoutOnly = new Network(new DenseLayer(2, 3, Activation.Relu, Normalization.None, 0.5f), new DenseLayer(3, 1, Activation.Identity));
        Assert.Equal(ReferenceFile(4, dropoutOnly, null, ModelTask.Classification), Bytes(dropoutOnly));
    }

    [Fact]
    public void A_round_trip_keeps_every_setting_and_parameter_bit_for_bit_with_the_task_and_labels()
    {
        var network = Sample();
        string[] classes = ["x", "y", "z"];
        var bytes = Bytes(network, classes, ModelTask.Regression);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        foreach (var saved in new[] { Load(bytes), ModelFile.Load(new ModelFileTests.ForwardOnlyStream(bytes)) })
        {
            Assert.Equal(ModelTask.Regression, saved.Task);
            Assert.Equal(classes, saved.ClassLabels);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                DenseLayer want = network.Layers[l], got = saved.Network.Layers[l];
                Assert.Equal((want.Activation, want.ActivationParameter, want.Normalization, want.DropoutRate),
                    (got.Activation, got.ActivationParameter, got.Normalization, got.DropoutRate));
                Assert.Equal(want.ReadOnlyWeights.ToArray(), got.ReadOnlyWeights.ToArray());
                Assert.Equal(want.Biases.ToArray(), got.Biases.ToArray());
                Assert.Equal(want.NormalizationScale.ToArray(), got.NormalizationScale.ToArray());
                Assert.Equal(want.NormalizationShift.ToArray(), got.NormalizationShift.ToArray());
                Assert.Equal(want.RunningMean.ToArray(), got.RunningMean.ToArray());
                Assert.Equal(want.RunningVariance.ToArray(), got.RunningVariance.ToArray());
            }
        }
    }

    [Fact]
    public void A_loaded_network_predicts_and_trains_bit_for_bit_as_the_saved_one()
    {
        var network = Sample(2);
        var loaded = Load(Bytes(network)).Network;
        var inputs = TestNetworks.RandomArray(new Random(3), 9 * 5);
        Assert.Equal(Predictions(network, inputs), Predictions(loaded, inputs));

        // A training step (batch statistics, running statistics updated, seeded dropout masks, the backward
        // pass through every layer), then inference again with the updated running statistics.
        var targets = TestNetworks.RandomArray(new Random(4), 9 * 3);
        var want = TrainingStep(network, inputs, targets);
        var got = TrainingStep(loaded, inputs, targets);
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], got[i]);
        Assert.Equal(Predictions(network, inputs), Predictions(loaded, inputs));
        Assert.Equal(Bytes(network), Bytes(loaded));
    }

    private static float[] Predictions(Network network, float[] inputs)
    {
        int batch = inputs.Length / network.InputSize;
        var outputs = new float[batch * network.OutputSize];
        network.Predict(inputs, batch, outputs);
        var single = new float[network.OutputSize];
        network.Predict(inputs.AsSpan(0, network.InputSize), single);
        return [.. outputs, .. single];
    }

    /// <summary>The outputs, dropout masks, every gradient and the running statistics of one training step, in one list per layer.</summary>
    private static float[][] TrainingStep(Network network, float[] inputs, float[] targets)
    {
        int batch = inputs.Length / network.InputSize;
        var cache = new ForwardCache(network);
        cache.SeedDropout(11);
        network.Forward(inputs, batch, cache);
        int last = network.Layers.Count - 1;
        var output = cache.Outputs(last);
        // Softmax with cross-entropy: the gradient at the last activation's input is ŷ − y.
        var gradient = new float[output.Length];
        for (int i = 0; i < gradient.Length; i++) gradient[i] = output[i] - targets[i];
        var results = new List<float[]> { output.ToArray() };
        for (int l = last; l >= 0; l--)
        {
            var layer = network.Layers[l];
            var weightsGrad = new float[layer.Inputs * layer.Outputs];
            var biasesGrad = new float[layer.Outputs];
            var scaleGrad = new float[layer.NormalizationScale.Length];
            var shiftGrad = new float[scaleGrad.Length];
            var inputsGrad = new float[l == 0 ? 0 : batch * layer.Inputs];
            ReadOnlySpan<float> layerInputs = l == 0 ? inputs : cache.Outputs(l - 1);
            layer.Backward(layerInputs, cache, l, gradient, l == last, weightsGrad, biasesGrad, scaleGrad, shiftGrad, inputsGrad);
            results.AddRange([cache.DropoutMask(l).ToArray(), weightsGrad, biasesGrad, scaleGrad, shiftGrad, layer.RunningMean.ToArray(), layer.RunningVariance.ToArray()]);
            gradient = inputsGrad;
        }

        return [.. results];
    }

    [Fact]
    public void Save_refuses_parameters_that_loading_would_refuse_and_writes_nothing()
    {
        foreach (var (spoil, message) in new (Action<Network>, string)[]
        {
            (n => n.Layers[0].NormalizationScale[2] = float.NaN, "Layer 0 has a non-finite normalization scale γ at output 2"),
            (n => n.Layers[1].NormalizationShift[0] = float.PositiveInfinity, "Layer 1 has a non-finite normalization shift β"),
            (n => n.Layers[3].RunningMean[1] = float.NegativeInfinity, "Layer 3 has a non-finite running mean"),
            (n => n.Layers[0].RunningVariance[6] = -0.5f, "Layer 0 has a negative running variance at output 6"),
        })
        {
            var network = Sample();
            spoil(network);
            using var stream = new MemoryStream();
            var error = Assert.Throws<ArgumentException>(() => ModelFile.Save(network, null, stream));
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.Equal(0, stream.Length);
            string folder = Directory.CreateTempSubdirectory("simdnn-model-").FullName;
            try
            {
                Assert.Throws<ArgumentException>(() => network.Save(Path.Combine(folder, "model.snn")));
                Assert.Empty(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void A_network_refuses_dropout_on_its_last_layer()
    {
        var error = Assert.Throws<ArgumentException>(() => new Network(
            new DenseLayer(3, 4, Activation.Relu, Normalization.Batch, 0.5f), new DenseLayer(4, 2, Activation.Softmax, Normalization.None, 0.1f)));
        Assert.Contains("Layer 1 is the last layer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 3, "Unknown normalization code 3 in layer 1")]
    [InlineData(2, -1, "Unknown normalization code -1 in layer 2")]
    public void An_unknown_normalization_is_named_at_once(int layer, int code, string message)
    {
        // The kind decides how many floats follow, so it is checked before the checksum can be found.
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Table + 8 * layer), code);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        ModelFileTests.Reseal(bytes);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
    }

    public static TheoryData<int, float, string> BadDropoutRates() => new()
    {
        { 0, 1f, "Layer 0 has dropout rate 1; it must be in [0, 1)" },
        { 1, -0.1f, "Layer 1 has dropout rate -0.1" },
        { 2, float.NaN, "Layer 2 has dropout rate NaN" },
        { 0, float.PositiveInfinity, "Layer 0 has dropout rate Infinity" },
        { 3, 0.5f, "Inconsistent layers: Layer 3 is the last layer" },
    };

    /// <summary>Each edit is resealed with a correct checksum, so the validation, not the CRC, must catch it.</summary>
    [Theory]
    [MemberData(nameof(BadDropoutRates))]
    public void A_bad_dropout_rate_is_named_after_the_checksum(int layer, float rate, string message)
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(Table + 8 * layer + 4), rate);
        Assert.Contains("Checksum mismatch", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        ModelFileTests.Reseal(bytes);
        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int, int, float, string> BadStatistics() => new()
    {
        { 0, 0, float.NaN, "Layer 0 has a non-finite normalization scale γ at output 2" },
        { 1, 1, float.NegativeInfinity, "Layer 1 has a non-finite normalization shift β at output 2" },
        { 3, 2, float.NaN, "Layer 3 has a non-finite running mean at output 2" },
        { 0, 3, float.PositiveInfinity, "Layer 0 has a non-finite running variance at output 2" },
        { 0, 3, -1e-30f, "Layer 0 has a negative running variance at output 2" },
        { 3, 3, -2f, "Layer 3 has a negative running variance at output 2" },
    };

    /// <summary><paramref name="part"/>: 0 γ, 1 β, 2 running mean, 3 running variance; output 2 of the layer.</summary>
    [Theory]
    [MemberData(nameof(BadStatistics))]
    public void Non_finite_normalization_parameters_and_a_negative_variance_are_named(int layer, int part, float value, string message)
    {
        var network = Sample();
        var bytes = Bytes(network);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(NormalizationOffset(network, layer) + 4 * (part * network.Layers[layer].Outputs + 2)), value);
        ModelFileTests.Reseal(bytes);
        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Where layer <paramref name="layer"/>'s γ starts in a file of <see cref="Sample"/> without labels.</summary>
    private static int NormalizationOffset(Network network, int layer)
    {
        int offset = Table + 8 * network.Layers.Count + 4;
        for (int l = 0; l <= layer; l++)
        {
            var each = network.Layers[l];
            offset += 4 * (each.Inputs + 1) * each.Outputs;
            if (l < layer) offset += 4 * (each.NormalizationScale.Length + each.NormalizationShift.Length + each.RunningMean.Length + each.RunningVariance.Length);
        }

        return offset;
    }

    [Fact]
    public void A_normalization_that_claims_more_floats_than_the_file_holds_is_truncation()
    {
        var bytes = Bytes(Sample());
        // Layer 2 has none: as batch normalization it would need 4 × 4 more floats than are there.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Table + 8 * 2), (int)Normalization.Batch);
        ModelFileTests.Reseal(bytes);
        Assert.Contains("Truncated", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);

        // Widths far beyond the file: refused before the parameters are allocated.
        bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 4), 1 << 20);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 16), 1 << 20);
        ModelFileTests.Reseal(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("Truncated", Assert.Throws<InvalidDataException>(() => Load(bytes)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ModelFile.Load(new ModelFileTests.ForwardOnlyStream(bytes)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void A_file_cut_at_any_byte_is_refused_as_truncated()
    {
        var bytes = Bytes(Sample(), ["a", "b", "c"]);
        for (int length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            var error = Record.Exception(() => Load(cut));
            Assert.True(error is InvalidDataException { Message: var message } && message.Contains("Truncated", StringComparison.Ordinal),
                $"cut at {length} of {bytes.Length}: {error?.GetType().Name ?? "loaded"}: {error?.Message}");
            Assert.IsType<InvalidDataException>(Record.Exception(() => ModelFile.Load(new ModelFileTests.ForwardOnlyStream(cut))));
        }
    }

    /// <summary>A CRC-32 catches every single-bit error, so every flip must be refused, and only ever with InvalidDataException.</summary>
    [Fact]
    public void Every_single_bit_flip_is_refused()
    {
        var bytes = Bytes(Sample(), ["a", "b", "c"]);
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var error = Record.Exception(() => Load(flipped));
            Assert.True(error is InvalidDataException, $"bit {bit} of {bytes.Length * 8}: {error?.GetType().Name ?? "loaded"}: {error?.Message}");
        }
    }
}
