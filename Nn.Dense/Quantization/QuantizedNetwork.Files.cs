namespace Nn.Dense;

/// <summary>Saving and loading: the <see cref="QuantizedModelFile"/> format.</summary>
public sealed partial class QuantizedNetwork
{
    /// <summary>
    /// Writes the network in the quantized model-file format (see <see cref="QuantizedModelFile"/>): magic "SIMDNNQM",
    /// version, weight format, task, layer shapes, class labels, each layer's weights in its format (int8 codes and
    /// scales, bfloat16 bits or float32), float32 biases, γ and β, CRC-32. <see cref="Load(Stream)"/> gives back a
    /// network whose Predict is bit for bit this one's.
    /// </summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">stream is not writable; the network is larger than a file may hold (<see cref="ModelFile.Fits"/>); a class label is longer than <see cref="ModelFile.MaxLabelBytes"/> UTF-8 bytes.</exception>
    public void Save(Stream stream) => QuantizedModelFile.Write(this, stream);

    /// <summary>
    /// Writes the file atomically through <see cref="AtomicFile.Write"/> (a temporary sibling, flushed, renamed over
    /// <paramref name="path"/>), so a crash never leaves a half-written model; nothing is written when the checks of
    /// <see cref="Save(Stream)"/> fail.
    /// </summary>
    /// <exception cref="ArgumentException">path is null or empty, or see <see cref="Save(Stream)"/>.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        QuantizedModelFile.Check(this);
        AtomicFile.Write(path, stream => QuantizedModelFile.Write(this, stream));
    }

    /// <summary>Reads a network written by <see cref="Save(Stream)"/>, from the stream's current position.</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">stream is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// Bad magic, unknown version, weight format or normalization, impossible sizes (checked against the limits and
    /// the stream length before anything large is allocated), truncated data, wrong checksum, unknown activation or
    /// task, an int8 code of −128, a negative or non-finite scale, a non-finite weight, bias, γ or β, or bad labels;
    /// the message says which.
    /// </exception>
    public static QuantizedNetwork Load(Stream stream) => QuantizedModelFile.Read(stream);

    /// <summary>Reads a quantized model file written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">The file is not a valid quantized model file (see <see cref="Load(Stream)"/>).</exception>
    public static QuantizedNetwork Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file);
    }
}
