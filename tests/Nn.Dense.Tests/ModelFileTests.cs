using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nn.Dense;

namespace Nn.Dense.Tests;

/// <summary>Save/Load round trips and the rejection of every kind of damaged file.</summary>
public class ModelFileTests
{
    internal static Network Sample(int seed = 1)
    {
        var network = new Network(
            new DenseLayer(13, 9, Activation.LeakyRelu) { NegativeSlope = 0.2f },
            new DenseLayer(9, 6, Activation.Tanh),
            new DenseLayer(6, 4, Activation.Softmax));
        network.Initialize(seed);
        var random = new Random(seed);
        foreach (var layer in network.Layers) TestNetworks.Fill(random, layer.Biases, 0.5f);
        return network;
    }

    internal static byte[] Bytes(Network network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static Network LoadBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Network.Load(stream);
    }

    /// <summary>Rewrites the trailing CRC so that a deliberately edited file passes the checksum.</summary>
    internal static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));

    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void Round_trip_gives_bitwise_identical_parameters_and_predictions()
    {
        var network = Sample();
        var loaded = LoadBytes(Bytes(network));
        Assert.Equal(network.Layers.Count, loaded.Layers.Count);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Assert.Equal(network.Layers[i].Activation, loaded.Layers[i].Activation);
            Assert.Equal(network.Layers[i].NegativeSlope, loaded.Layers[i].NegativeSlope);
            Assert.True(network.Layers[i].Weights.SequenceEqual(loaded.Layers[i].Weights));
            Assert.True(network.Layers[i].Biases.SequenceEqual(loaded.Layers[i].Biases));
        }

        var inputs = TestNetworks.RandomArray(new Random(3), 5 * 13);
        var want = new float[5 * 4];
        var got = new float[5 * 4];
        network.Predict(inputs, 5, want);
        loaded.Predict(inputs, 5, got);
        Assert.Equal(want, got);
    }

    [Fact]
    public void File_layout_is_the_documented_one()
    {
        var layer = new DenseLayer(2, 1, Activation.Relu);
        layer.CopyWeightsFrom([1.5f, -2f]);
        layer.CopyBiasesFrom([0.25f]);
        var bytes = Bytes(new Network(layer));
        Assert.Equal(16 + 16 + 3 * 4 + 4, bytes.Length);
        Assert.Equal("SIMDNNMF"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal((int)Activation.Relu, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(0.01f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(28)));
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(32)));
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(36)));
        Assert.Equal(0.25f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(40)));
        Assert.Equal(Crc32.Compute(bytes.AsSpan(0, 44)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(44)));
    }

    [Fact]
    public void Path_round_trip_replaces_an_existing_file_and_leaves_no_temporary()
    {
        string folder = Directory.CreateTempSubdirectory("simdnn-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.snn");
            File.WriteAllText(path, "an older file");
            var network = Sample(4);
            network.Save(path);
            var loaded = Network.Load(path);
            Assert.True(network.Layers[2].Weights.SequenceEqual(loaded.Layers[2].Weights));
            Assert.Equal(["model.snn"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Failed_save_to_a_path_leaves_the_old_file_and_no_temporary()
    {
        string folder = Directory.CreateTempSubdirectory("simdnn-model-").FullName;
        try
        {
            // The target is a folder, so the final rename fails after the temporary file is written.
            string path = Path.Combine(folder, "model.snn");
            Directory.CreateDirectory(path);
            Assert.ThrowsAny<IOException>(() => Sample().Save(path));
            Assert.Empty(Directory.GetFiles(folder));
            Assert.True(Directory.Exists(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Non_seekable_streams_load_too() =>
        Assert.Equal(3, Network.Load(new ForwardOnlyStream(Bytes(Sample()))).Layers.Count);

    [Fact]
    public void Bad_magic_is_reported()
    {
        var bytes = Bytes(Sample());
        bytes[0] = (byte)'X';
        AssertRejected(bytes, "bad magic");
    }

    [Fact]
    public void Future_version_is_reported()
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), ModelFile.FormatVersion + 1);
        Reseal(bytes);
        AssertRejected(bytes, $"version {ModelFile.FormatVersion + 1}");
    }

    [Fact]
    public void Wrong_checksum_is_reported()
    {
        var bytes = Bytes(Sample());
        bytes[^10] ^= 0x01;
        AssertRejected(bytes, "Checksum mismatch");
    }

    [Fact]
    public void Unknown_activation_is_reported()
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 16 + 8), 77);
        Reseal(bytes);
        AssertRejected(bytes, "Unknown activation code 77 in layer 1");
    }

    [Fact]
    public void Softmax_before_the_last_layer_is_reported()
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 8), (int)Activation.Softmax);
        Reseal(bytes);
        AssertRejected(bytes, "last layer");
    }

    [Theory]
    [InlineData(0, 0, "layer 0 declares 0 inputs")]
    [InlineData(1, int.MaxValue, "layer 0 declares 13 inputs and 2147483647 outputs")]
    [InlineData(0, 1 << 24, "more than 268435456 parameters")]
    public void Impossible_sizes_are_reported_before_allocating(int field, int value, string message)
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 4 * field), value);
        if (value == 1 << 24) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 1 << 24);
        Reseal(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(bytes, message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Sizes_beyond_the_stream_length_are_reported_before_allocating()
    {
        var bytes = Bytes(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 1 << 20);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(bytes, "Impossible size: layer 1 takes 9 inputs but layer 0 gives 200");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 9);
        AssertRejected(bytes, "Truncated");
        Assert.Throws<InvalidDataException>(() => Network.Load(new ForwardOnlyStream(bytes)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Theory]
    [InlineData(0, "header")]
    [InlineData(10, "header")]
    [InlineData(20, "layer table")]
    [InlineData(100, "Truncated")]
    public void Truncated_files_are_reported(int length, string message) =>
        AssertRejected(Bytes(Sample())[..length], message);

    [Fact]
    public void Missing_checksum_is_reported_as_truncation()
    {
        var bytes = Bytes(Sample());
        AssertRejected(bytes[..^1], "Truncated");
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => Network.Load(new ForwardOnlyStream(bytes[..^2]))).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_and_save_check_their_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => Network.Load((Stream)null!));
        Assert.ThrowsAny<ArgumentException>(() => Network.Load(""));
        Assert.Throws<ArgumentNullException>(() => Sample().Save((Stream)null!));
        Assert.ThrowsAny<ArgumentException>(() => Sample().Save(""));
        Assert.Throws<ArgumentException>(() => Sample().Save(new MemoryStream([], writable: false)));
    }

    /// <summary>
    /// Flipping random bits and cutting the file anywhere may only ever produce InvalidDataException
    /// (never another exception, a crash, or a large allocation); a CRC-32 catches every flip of up to
    /// 3 bits, so loading must never succeed either.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Damaged_files_only_ever_raise_InvalidDataException(NonNegativeInt seed, bool truncate)
    {
        var random = new Random(seed.Get);
        // Odd seeds damage a version 2 file, whose class labels sit between the layer table and the parameters.
        var original = seed.Get % 2 == 0 ? Bytes(Sample(1 + seed.Get % 3)) : ModelFileLabelTests.Bytes(Sample(1 + seed.Get % 3), ModelFileLabelTests.Labels);
        byte[] bytes;
        string damage;
        if (truncate)
        {
            int length = random.Next(original.Length);
            bytes = original[..length];
            damage = $"truncated to {length} of {original.Length} bytes";
        }
        else
        {
            bytes = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            var positions = new List<int>();
            for (int f = 0; f < flips; f++)
            {
                int position = random.Next(bytes.Length * 8);
                positions.Add(position);
                bytes[position / 8] ^= (byte)(1 << (position % 8));
            }

            if (bytes.AsSpan().SequenceEqual(original)) return;
            damage = $"bits {string.Join(",", positions)} flipped";
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            LoadBytes(bytes);
            Assert.Fail($"seed {seed.Get}: {damage}, but Load succeeded.");
        }
        catch (InvalidDataException)
        {
        }
        catch (Exception other) when (other is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"seed {seed.Get}: {damage} raised {other.GetType().Name}: {other.Message}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"seed {seed.Get}: {damage} allocated {allocated} bytes.");
    }

    /// <summary>Random bytes after a valid magic: the header parser on garbage.</summary>
    [Property(MaxTest = 300)]
    public void Random_garbage_after_the_magic_raises_InvalidDataException(NonNegativeInt seed)
    {
        var random = new Random(seed.Get);
        var bytes = new byte[random.Next(8, 200)];
        random.NextBytes(bytes);
        "SIMDNNMF"u8.CopyTo(bytes);
        if (bytes.Length >= 12 && random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        if (bytes.Length >= 16 && random.Next(2) == 0) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), random.Next(1, 5));
        var error = Record.Exception(() => LoadBytes(bytes));
        Assert.True(error is InvalidDataException, $"seed {seed.Get}, {bytes.Length} bytes: {error?.GetType().Name ?? "no exception"}");
    }

    private static void AssertRejected(byte[] bytes, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => LoadBytes(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A stream that can only be read forward, like a network socket.</summary>
    internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
