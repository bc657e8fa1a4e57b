using Nn.Dense;
using Nn.Training;

namespace SimdNn.Fuzz;

/// <summary>
/// The fuzz targets, one per loader, each a function of the input bytes. The documented
/// exceptions are those in the loader's XML docs for bad data (InvalidDataException; ONNX also
/// NotSupportedException for a valid model outside its subset); ArgumentException is for API
/// misuse, which a target never commits, so it is not caught.
/// </summary>
internal static class Targets
{
    private static DatasetLimits? limits;

    /// <summary>
    /// The data-set limits the csv and idx targets load under: small, so one input stays fast and the
    /// allocation bound is tight. Made on first use, inside the fuzzing loop: instrumented code run
    /// before SharpFuzz has mapped afl-fuzz's coverage memory would write through a null pointer.
    /// </summary>
    public static DatasetLimits Limits => limits ??= new()
    {
        MaxLineLength = 1 << 16,
        MaxColumns = 4096,
        MaxRows = 1 << 16,
        MaxValues = 1 << 20,
        MaxDecompressedBytes = 16 << 20,
        MaxClasses = 1000,
    };

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        ["model"] = input => LoaderContract.Run(WithChecksum(input), bytes => Network.Load(new MemoryStream(bytes, writable: false)), typeof(InvalidDataException)),
        ["quantized"] = input => LoaderContract.Run(WithChecksum(input), bytes => QuantizedNetwork.Load(new MemoryStream(bytes, writable: false)),
            typeof(InvalidDataException)),
        ["onnx"] = input => LoaderContract.Run(input, bytes => OnnxImport.Load(new MemoryStream(bytes, writable: false)),
            typeof(InvalidDataException), typeof(NotSupportedException)),
        ["csv"] = input => LoaderContract.Run(input, bytes => CsvDataset.Load(new MemoryStream(bytes, writable: false), "fuzz.csv", Limits),
            typeof(InvalidDataException)),
        ["idx"] = input => LoaderContract.Run(input, LoadIdx, typeof(InvalidDataException)),
    };

    /// <summary>
    /// The input with its last four bytes replaced by the CRC-32 of the bytes before them, where a model
    /// file keeps its checksum: otherwise almost every mutation would stop at the checksum test, and
    /// what the reader does after it (activation codes, the network's own checks) would go unfuzzed.
    /// </summary>
    public static byte[] WithChecksum(byte[] input)
    {
        if (input.Length < 20) return input;
        var fixedUp = (byte[])input.Clone();
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in fixedUp.AsSpan(0, fixedUp.Length - 4))
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }

        BitConverter.TryWriteBytes(fixedUp.AsSpan(fixedUp.Length - 4), ~crc);
        return fixedUp;
    }

    /// <summary>
    /// The idx input holds both files: a 4-byte little-endian length L (taken modulo what follows),
    /// then L bytes of the images file, then the labels file, so one mutation can reach either file
    /// and the checks between them (counts, labels).
    /// </summary>
    public static void LoadIdx(byte[] input)
    {
        var (images, labels) = SplitIdx(input);
        IdxDataset.Load(new MemoryStream(images, writable: false), new MemoryStream(labels, writable: false), Limits, "fuzz-images", "fuzz-labels");
    }

    public static (byte[] Images, byte[] Labels) SplitIdx(byte[] input)
    {
        if (input.Length < 4) return ([], []);
        int rest = input.Length - 4;
        int length = (int)(BitConverter.ToUInt32(input, 0) % (uint)(rest + 1));
        return (input[4..(4 + length)], input[(4 + length)..]);
    }

    public static byte[] JoinIdx(byte[] images, byte[] labels)
    {
        var joined = new byte[4 + images.Length + labels.Length];
        BitConverter.TryWriteBytes(joined.AsSpan(0, 4), (uint)images.Length);
        images.CopyTo(joined, 4);
        labels.CopyTo(joined, 4 + images.Length);
        return joined;
    }
}
