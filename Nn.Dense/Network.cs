namespace Nn.Dense;

/// <summary>
/// A feed-forward chain of <see cref="DenseLayer"/>s. Inference is thread-safe and allocates
/// nothing after the first call on a thread (scratch is per thread).
/// </summary>
public sealed class Network
{
    private readonly DenseLayer[] layers;

    [ThreadStatic] private static float[]? scratchA;
    [ThreadStatic] private static float[]? scratchB;

    /// <summary>The widest hidden layer (0 for one layer): the scratch a sample needs between layers.</summary>
    private readonly int hiddenWidth;

    /// <summary>The widest layer output: what a sample needs in a <see cref="ForwardCache"/>'s largest buffer.</summary>
    private readonly int widestOutput;

    /// <summary>Builds a network; each layer's Inputs must equal the previous layer's Outputs.</summary>
    /// <exception cref="ArgumentException">
    /// No layers, a null layer, sizes that do not chain, Softmax or LogSoftmax before the last layer, or more than
    /// <see cref="ModelFile.MaxParameters"/> parameters (a network that could not be saved and loaded back).
    /// </exception>
    public Network(params DenseLayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null) throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            if (i > 0 && layers[i].Inputs != layers[i - 1].Outputs)
            {
                throw new ArgumentException(
                    $"Layer {i} takes {layers[i].Inputs} inputs but layer {i - 1} gives {layers[i - 1].Outputs} outputs; sizes must chain.",
                    nameof(layers));
            }

            if (layers[i].DropoutRate > 0 && i == layers.Length - 1)
            {
                throw new ArgumentException($"Layer {i} is the last layer; dropout is allowed only on hidden layers (it would drop the network's outputs).", nameof(layers));
            }

            if (layers[i].Activation is Activation.Softmax or Activation.LogSoftmax && i != layers.Length - 1)
            {
                throw new ArgumentException($"Layer {i} uses {layers[i].Activation}, which is allowed only on the last layer.", nameof(layers));
            }
        }

        long parameters = 0;
        foreach (var layer in layers) parameters += ((long)layer.Inputs + 1) * layer.Outputs;
        if (parameters > ModelFile.MaxParameters)
        {
            throw new ArgumentException(
                $"The layers hold {parameters} parameters; a network holds at most {ModelFile.MaxParameters} (ModelFile.MaxParameters), the most a model file can load back.",
                nameof(layers));
        }

        this.layers = (DenseLayer[])layers.Clone();
        Layers = Array.AsReadOnly(this.layers);
        foreach (var layer in this.layers) widestOutput = Math.Max(widestOutput, layer.Outputs);
        for (int i = 0; i < this.layers.Length - 1; i++) hiddenWidth = Math.Max(hiddenWidth, this.layers[i].Outputs);
    }

    /// <summary>The input size (the first layer's Inputs).</summary>
    public int InputSize => layers[0].Inputs;

    /// <summary>The output size (the last layer's Outputs).</summary>
    public int OutputSize => layers[^1].Outputs;

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>
    /// Draws fresh weights from a seeded generator: He (normal, std √(2/inputs)) for ReLU-like
    /// layers, Xavier/Glorot (normal, std √(2/(inputs+outputs))) for Identity, Sigmoid, Tanh and
    /// Softmax layers; biases 0; normalization γ 1, β 0, running mean 0 and variance 1. The same as
    /// <see cref="Initialize(int, WeightInitialization)"/> with <see cref="WeightInitialization.HeXavier"/>.
    /// The same seed gives the same weights. Not safe while another thread runs Predict.
    /// </summary>
    public void Initialize(int seed) => Initialize(seed, WeightInitialization.HeXavier);

    /// <summary>
    /// Draws fresh weights and biases from a generator seeded with <paramref name="seed"/>, layer by
    /// layer, first to last, weights (row-major, [Outputs × Inputs]) before biases:
    /// <see cref="WeightInitialization.HeXavier"/>: w ~ N(0, σ²) with σ = √(2/fan_in) (He) or
    /// √(2/(fan_in + fan_out)) (Xavier, for Identity, Sigmoid, Tanh and Softmax), b = 0;
    /// <see cref="WeightInitialization.PyTorchLinear"/>: w ~ U(−1/√fan_in, 1/√fan_in) and
    /// b ~ U(−1/√fan_in, 1/√fan_in), nn.Linear's default. The same seed and scheme give the same
    /// values on every machine. Not safe while another thread runs Predict.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">scheme is not a defined <see cref="WeightInitialization"/>.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A seeded generator, so that initial weights are reproducible; nothing here is a secret.")]
    public void Initialize(int seed, WeightInitialization scheme)
    {
        if (scheme is not (WeightInitialization.HeXavier or WeightInitialization.PyTorchLinear))
        {
            throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown weight initialization.");
        }

        var random = new Random(seed);
        foreach (var layer in layers)
        {
            // Both schemes start normalization as PyTorch's BatchNorm1d and LayerNorm do.
            layer.NormalizationScale.Fill(1f);
            layer.NormalizationShift.Clear();
            layer.RunningMean.Clear();
            layer.RunningVariance.Fill(1f);
            if (scheme == WeightInitialization.PyTorchLinear)
            {
                double bound = 1 / Math.Sqrt(layer.Inputs);
                DrawUniform(random, bound, layer.Weights);
                DrawUniform(random, bound, layer.Biases);
                continue;
            }

            double std = UsesXavier(layer.Activation)
                ? Math.Sqrt(2.0 / (layer.Inputs + layer.Outputs))
                : Math.Sqrt(2.0 / layer.Inputs);
            var w = layer.Weights;
            for (int i = 0; i < w.Length; i++)
            {
                // Box-Muller: deterministic for a seed, no dependence on a library's normal sampler.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                w[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            layer.Biases.Clear();
        }
    }

    /// <summary>
    /// Xavier keeps the variance of a layer whose activation is near the identity around 0 (Identity,
    /// Tanh, Sigmoid) or normalizes its outputs (Softmax); every other activation zeroes or shrinks the
    /// negative half as ReLU does, which halves the variance that He's factor 2 restores. Listing the
    /// Xavier side lets activations added later default to He; an output-only one like Softmax
    /// (LogSoftmax) belongs in this list.
    /// </summary>
    private static bool UsesXavier(Activation activation) =>
        activation is Activation.Identity or Activation.Sigmoid or Activation.Tanh or Activation.Softmax or Activation.LogSoftmax;

    /// <summary>values[i] = bound·(2u − 1) with u uniform in [0, 1): U(−bound, bound).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A seeded generator, so that initial weights are reproducible; nothing here is a secret.")]
    private static void DrawUniform(Random random, double bound, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)(bound * (2 * random.NextDouble() - 1));
    }

    /// <summary>
    /// Runs one sample: input has InputSize elements, output OutputSize (they must not overlap).
    /// Thread-safe; allocates nothing after the first call on a thread.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputSize) throw new ArgumentException($"input has {input.Length} elements; the network takes {InputSize}.", nameof(input));
        if (output.Length != OutputSize) throw new ArgumentException($"output has {output.Length} elements; the network gives {OutputSize}.", nameof(output));
        Predict(input, 1, output);
    }

    /// <summary>
    /// Runs a batch, one sample per row: inputs is batch × InputSize, outputs batch × OutputSize
    /// (they must not overlap). Per layer Z = A·Wᵀ + b (bias in the product's accumulator), then
    /// H = f(Z) in place. Thread-safe: scratch is per thread and grows to the largest batch seen,
    /// so after the first call of that size on a thread nothing is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">batch is negative or too large for scratch, or a span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        CheckInputs(inputs, batch);
        if (outputs.Length != (long)batch * OutputSize)
        {
            throw new ArgumentException($"outputs has {outputs.Length} elements; {batch} samples of {OutputSize} need {(long)batch * OutputSize}.", nameof(outputs));
        }

        CheckFits(batch, hiddenWidth, "hidden units", "scratch array");

        // Scratch is per thread (so concurrent calls never share it) and shared by all networks on
        // that thread; it only grows, so after warm-up nothing is allocated.
        long need = (long)batch * hiddenWidth;
        if (scratchA is null || scratchA.Length < need) scratchA = new float[need];
        if (scratchB is null || scratchB.Length < need) scratchB = new float[need];
        RunLayers(inputs, batch, null, false, outputs);
    }

    /// <summary>
    /// The training forward pass: runs a batch (inputs batch × InputSize, row per sample) like
    /// <see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/>, bit for bit, but keeps every
    /// layer's Z and H in <paramref name="cache"/> for the backward pass (the network's outputs are
    /// <c>cache.Outputs(Layers.Count − 1)</c>). Allocates only when batch exceeds the cache's
    /// capacity. Thread-safe for distinct caches as long as nobody writes the weights meanwhile.
    /// </summary>
    /// <exception cref="ArgumentNullException">cache is null.</exception>
    /// <exception cref="ArgumentException">
    /// The cache belongs to another network, batch is negative or too large for one array, or inputs has the wrong length.
    /// </exception>
    public void Forward(ReadOnlySpan<float> inputs, int batch, ForwardCache cache) => Forward(inputs, batch, cache, training: true);

    /// <summary>
    /// The forward pass into <paramref name="cache"/> in training mode (batch normalization on the batch's
    /// statistics, updating the running ones; dropout masks drawn from the cache's generator) or, with
    /// <paramref name="training"/> false, in inference mode (running statistics, no dropout: the values of
    /// Predict up to the rounding of batch normalization's folding). Without normalization or dropout the
    /// two modes are the same and match Predict bit for bit.
    /// </summary>
    /// <exception cref="ArgumentNullException">cache is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Forward(ReadOnlySpan{float}, int, ForwardCache)"/>.</exception>
    public void Forward(ReadOnlySpan<float> inputs, int batch, ForwardCache cache, bool training)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.Network != this) throw new ArgumentException("The cache was made for another network.", nameof(cache));
        CheckInputs(inputs, batch);
        CheckFits(batch, widestOutput, "layer outputs", "cache array");
        cache.Reserve(batch);
        RunLayers(inputs, batch, cache, training, Span<float>.Empty);
    }

    /// <summary>
    /// The one layer loop of inference and training: H_l = f(H_(l−1)·W_lᵀ + b_l) with H_(−1) = inputs.
    /// With a cache every layer's Z and H land in it; without, Z is not kept (Z and H share memory,
    /// which lets a ReLU layer fuse its activation into the product), the hidden layers alternate
    /// between the two per-thread scratch arrays and the last layer writes <paramref name="outputs"/>.
    /// </summary>
    private void RunLayers(ReadOnlySpan<float> inputs, int batch, ForwardCache? cache, bool training, Span<float> outputs)
    {
        ReadOnlySpan<float> current = inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            if (cache is not null)
            {
                layer.Forward(current, batch, cache, l, training);
                current = cache.OutputsBuffer(l);
                continue;
            }

            var h = l == layers.Length - 1 ? outputs : (l % 2 == 0 ? scratchA : scratchB).AsSpan(0, batch * layer.Outputs);
            layer.Forward(current, batch, h, h);
            current = h;
        }
    }

    private void CheckInputs(ReadOnlySpan<float> inputs, int batch)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be non-negative.");
        if (inputs.Length != (long)batch * InputSize)
        {
            throw new ArgumentException($"inputs has {inputs.Length} elements; {batch} samples of {InputSize} need {(long)batch * InputSize}.", nameof(inputs));
        }
    }

    private static void CheckFits(int batch, int width, string what, string where)
    {
        if ((long)batch * width > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"{batch} samples of {width} {what} do not fit in one {where}; split the batch.");
        }
    }

    /// <summary>
    /// An inference-only copy of this network with its weights in <paramref name="format"/>: int8 (a quarter of the
    /// bytes; symmetric per-output weight scales, activations quantized per row at run time), bfloat16 (half; rounded
    /// to nearest-even) or float32 (the same bytes; Predict gives this network's Predict bit for bit). Batch
    /// normalization is folded into the weights first; biases stay float32. Later changes to this network's weights
    /// do not reach the copy.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">format is not a defined <see cref="WeightFormat"/>.</exception>
    /// <exception cref="ArgumentException">A weight or bias is NaN or infinite, or (int8) a layer has more than 65,536 inputs.</exception>
    public QuantizedNetwork Quantize(WeightFormat format) => QuantizedNetwork.Create(this, format, null, ModelTask.Classification);

    /// <summary>
    /// <see cref="Quantize(WeightFormat)"/>, carrying the model's class labels and task into the copy (and so into its file).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">format or task is not defined.</exception>
    /// <exception cref="ArgumentException">As <see cref="Quantize(WeightFormat)"/>, or classLabels does not hold one label per output.</exception>
    public QuantizedNetwork Quantize(WeightFormat format, IReadOnlyList<string>? classLabels, ModelTask task)
    {
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        if (classLabels is not null && classLabels.Count != OutputSize)
        {
            throw new ArgumentException($"classLabels has {classLabels.Count} labels; the network has {OutputSize} outputs.", nameof(classLabels));
        }

        return QuantizedNetwork.Create(this, format, classLabels, task);
    }

    /// <summary>
    /// Writes the model in the binary model-file format (see <see cref="ModelFile"/>): magic,
    /// version, layer shapes, float32 little-endian weights and biases, CRC-32.
    /// </summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">stream is not writable.</exception>
    public void Save(Stream stream) => ModelFile.Write(this, stream);

    /// <summary>
    /// Writes the model to a file atomically: a temporary file in the same folder is written,
    /// flushed to disk and then renamed over <paramref name="path"/>, so a crash never leaves a
    /// half-written model; the temporary file is deleted if anything fails.
    /// </summary>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    public void Save(string path) => ModelFile.Write(this, path);

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>, from the stream's current position.</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="InvalidDataException">
    /// Bad magic, unknown version, impossible sizes, truncated data, wrong checksum, unknown
    /// activation or inconsistent layers; the message says which. Checked before anything large is allocated.
    /// </exception>
    public static Network Load(Stream stream) => ModelFile.Read(stream);

    /// <summary>Reads a model file written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="ArgumentException">path is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">The file is not a valid model file (see <see cref="Load(Stream)"/>).</exception>
    public static Network Load(string path) => ModelFile.Read(path);
}
