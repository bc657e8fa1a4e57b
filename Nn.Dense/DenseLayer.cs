using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// A fully connected layer z = W·a + b, h = f(z). Weights are [Outputs × Inputs] row-major
/// (PyTorch nn.Linear's layout); biases are [Outputs]. Optionally a normalization between z and f and
/// dropout after f (DenseLayer.Normalization.cs).
/// </summary>
public sealed partial class DenseLayer
{
    private readonly float[] weights;
    private readonly float[] biases;
    private readonly float? parameter;

    // The weights packed for the GEMM (ONNX Runtime's "prepacking"), rebuilt on the first forward
    // pass after the weights may have changed. Every get of Weights and every CopyWeightsFrom bumps
    // weightsVersion (a caller may write through the span it got); packedVersion is the version the
    // packed copy was made from, published only once the copy is complete.
    private readonly object packLock = new();
    private GemmPackedB? packedWeights;
    private int weightsVersion;
    private int packedVersion = -1;

    /// <summary>Creates a layer with zero weights and biases (call <see cref="Network.Initialize(int)"/> or copy weights in).</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputs or outputs is not positive, activation is undefined, or the layer holds more than <see cref="ModelFile.MaxParameters"/> parameters.</exception>
    public DenseLayer(int inputs, int outputs, Activation activation)
    {
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A layer needs at least one input.");
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A layer needs at least one output.");
        if (!Enum.IsDefined(activation)) throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        if (((long)inputs + 1) * outputs > ModelFile.MaxParameters)
        {
            // Checked before anything is allocated: a layer no model file could load back is refused here, not after training.
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs,
                $"{outputs}x{inputs} weights and {outputs} biases are more than the {ModelFile.MaxParameters} parameters a model file holds (ModelFile.MaxParameters).");
        }

        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        weights = new float[inputs * outputs];
        biases = new float[outputs];
    }

    /// <summary>The number of inputs (columns of W).</summary>
    public int Inputs { get; }

    /// <summary>The number of outputs (rows of W).</summary>
    public int Outputs { get; }

    /// <summary>The activation f.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// The activation's one parameter: the slope for z ≤ 0 of <see cref="Activation.LeakyRelu"/> (PyTorch's
    /// negative_slope, default 0.01) or the alpha of <see cref="Activation.Elu"/> (default 1); the other
    /// activations ignore it (it reads 0.01 for them). The model file stores it in each layer's parameter slot.
    /// </summary>
    public float ActivationParameter
    {
        get => parameter ?? (Activation == Activation.Elu ? 1f : 0.01f);
        init => parameter = value;
    }

    /// <summary>The slope for z ≤ 0 of <see cref="Activation.LeakyRelu"/> (PyTorch's negative_slope): another name for <see cref="ActivationParameter"/>.</summary>
    public float NegativeSlope
    {
        get => ActivationParameter;
        init => parameter = value;
    }

    /// <summary>
    /// The live weights, [Outputs × Inputs] row-major; optimizers update them in place. Each get
    /// marks the layer's packed copy of the weights stale, so writes through the span are seen by
    /// the next forward pass that starts after the get. Get the span again after a forward pass
    /// rather than writing through one obtained before it. Not safe while another thread runs a
    /// forward pass on this layer.
    /// </summary>
    public Span<float> Weights
    {
        get
        {
            Interlocked.Increment(ref weightsVersion);
            return weights;
        }
    }

    /// <summary>
    /// The weights for reading, [Outputs × Inputs] row-major: the same memory as <see cref="Weights"/>,
    /// but getting it does not mark the packed copy stale (no repacking on the next forward pass).
    /// </summary>
    public ReadOnlySpan<float> ReadOnlyWeights => weights;

    /// <summary>The live biases, [Outputs]. Each get marks a folded batch normalization stale (see <see cref="Normalization"/>).</summary>
    public Span<float> Biases
    {
        get
        {
            Interlocked.Increment(ref foldVersion);
            return biases;
        }
    }

    /// <summary>Copies Outputs·Inputs weights in, row-major [Outputs × Inputs].</summary>
    /// <exception cref="ArgumentException">The length is not Outputs·Inputs.</exception>
    public void CopyWeightsFrom(ReadOnlySpan<float> weights)
    {
        RequireLength(weights.Length, this.weights.Length, nameof(weights));
        weights.CopyTo(this.weights);
        Interlocked.Increment(ref weightsVersion);
    }

    /// <summary>Copies the weights out, row-major [Outputs × Inputs].</summary>
    /// <exception cref="ArgumentException">The length is not Outputs·Inputs.</exception>
    public void CopyWeightsTo(Span<float> weights)
    {
        RequireLength(weights.Length, this.weights.Length, nameof(weights));
        this.weights.CopyTo(weights);
    }

    /// <summary>Copies Outputs biases in.</summary>
    /// <exception cref="ArgumentException">The length is not Outputs.</exception>
    public void CopyBiasesFrom(ReadOnlySpan<float> biases)
    {
        RequireLength(biases.Length, this.biases.Length, nameof(biases));
        biases.CopyTo(this.biases);
        Interlocked.Increment(ref foldVersion);
    }

    /// <summary>Copies the biases out.</summary>
    /// <exception cref="ArgumentException">The length is not Outputs.</exception>
    public void CopyBiasesTo(Span<float> biases)
    {
        RequireLength(biases.Length, this.biases.Length, nameof(biases));
        this.biases.CopyTo(biases);
    }

    // The layer's two passes, side by side (lecture-note form, one row per sample):
    //   Forward   A (batch × Inputs) → Z = A·Wᵀ + b, H = f(Z) (batch × Outputs)
    //   Backward  dH → dZ = dH ⊙ f'(Z) → dW += dZᵀ·A, db += Σ_batch dZ, dA = dZ·W
    // Backward also starts from dZ when a loss has already gone through f (softmax + cross-entropy,
    // sigmoid + binary cross-entropy give dZ = ŷ − y directly). Backprop only chains these calls, so
    // a new step inside a layer (normalization, dropout, another activation) changes this file, not
    // the training loop: its forward saves what its backward needs, its backward maps dH to dZ.

    /// <summary>
    /// Inference forward pass for a batch (row per sample): Z = A·Wᵀ + b (batch × Outputs), H = f(Z); with
    /// <see cref="Normalization"/>, Z is normalized before f (batch normalization with the running statistics,
    /// folded into W and b), and dropout is off.
    /// A is batch × Inputs. <paramref name="preActivations"/> may be the same span as
    /// <paramref name="outputs"/> when Z need not be kept; neither may overlap <paramref name="inputs"/>.
    /// Thread-safe as long as nobody writes the weights meanwhile; allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">batch is negative or a span is shorter than the shapes need.</exception>
    public void Forward(ReadOnlySpan<float> inputs, int batch, Span<float> preActivations, Span<float> outputs)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be non-negative.");
        RequireAtLeast(inputs.Length, (long)batch * Inputs, nameof(inputs));
        RequireAtLeast(preActivations.Length, (long)batch * Outputs, nameof(preActivations));
        RequireAtLeast(outputs.Length, (long)batch * Outputs, nameof(outputs));
        int size = batch * Outputs;
        Span<float> z = preActivations[..size];
        if (size == 0) return;
        Span<float> h = outputs[..size];
        var a = inputs[..(batch * Inputs)];

        // Through the prepacked Wᵀ: one sample streams the packed panels once (a matrix-vector
        // kernel), more run the blocked GEMM with the bias added in its store. Nothing is packed per
        // call, which beats dot products over W as stored at every batch size (perf/results/dense.md).
        // Batch normalization is folded into W and b here (InferenceWeights), so it costs nothing.
        var packed = InferenceWeights(out var bias);
        if (Activation == Activation.Relu && Normalization != Normalization.Layer && z.Overlaps(h, out int offset) && offset == 0)
        {
            // Z is not kept (inference): the ReLU runs on each tile as the product finishes it,
            // bit for bit the product followed by Activations.Relu.
            Gemm.MultiplyAddBiasRelu(Transpose.No, batch, a, Inputs, packed, bias, h, Outputs);
            return;
        }

        Gemm.MultiplyAddBias(Transpose.No, batch, a, Inputs, packed, bias, z, Outputs);
        if (Normalization == Normalization.Layer) LayerNormalization.Forward(z, batch, Outputs, scale, shift, [], [], z);
        Apply(z, batch, h);
    }

    /// <summary>
    /// Backward pass for a batch from the output gradient dH (lecture-note form, row per sample):
    /// dZ = dH ⊙ f'(Z); dW += dZᵀ·A; db += Σ_batch dZ; dA = dZ·W (skipped when
    /// <paramref name="inputsGrad"/> is empty). Shapes: A batch×Inputs, Z and H and dH batch×Outputs,
    /// dW Outputs×Inputs, db Outputs, dA batch×Inputs. <paramref name="preActivationsGrad"/>
    /// (batch×Outputs) receives dZ and may be the same span as <paramref name="outputsGrad"/>.
    /// For <see cref="Activation.Softmax"/> the full Jacobian is applied per row:
    /// dZ = H ⊙ (dH − Σ_j dH_j·H_j); for <see cref="Activation.LogSoftmax"/>, dZ = dH − e^H·Σ_j dH_j.
    /// Gradients accumulate (+=): the caller clears them.
    /// </summary>
    /// <exception cref="ArgumentException">batch is negative or a span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> preActivations, ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> outputsGrad, int batch, Span<float> preActivationsGrad,
        Span<float> weightsGrad, Span<float> biasesGrad, Span<float> inputsGrad)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be non-negative.");
        long outSize = (long)batch * Outputs;
        RequireAtLeast(preActivations.Length, outSize, nameof(preActivations));
        RequireAtLeast(outputs.Length, outSize, nameof(outputs));
        RequireAtLeast(outputsGrad.Length, outSize, nameof(outputsGrad));
        CheckAffineBackward(inputs, preActivationsGrad, batch, weightsGrad, biasesGrad, inputsGrad);

        int size = (int)outSize;
        var dz = preActivationsGrad[..size];
        ActivationBackward(preActivations[..size], outputs[..size], outputsGrad[..size], batch, dz);
        AffineBackward(inputs, dz, batch, weightsGrad, biasesGrad, inputsGrad);
    }

    /// <summary>
    /// Backward pass for a batch from the pre-activation gradient dZ, when it is already known
    /// (a loss fused with the activation, e.g. softmax + cross-entropy gives dZ = ŷ − y):
    /// dW += dZᵀ·A; db += Σ_batch dZ; dA = dZ·W (skipped when <paramref name="inputsGrad"/> is empty).
    /// Shapes: A batch×Inputs, dZ batch×Outputs, dW Outputs×Inputs, db Outputs, dA batch×Inputs.
    /// Gradients accumulate (+=): the caller clears them. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">batch is negative or a span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> preActivationsGrad, int batch,
        Span<float> weightsGrad, Span<float> biasesGrad, Span<float> inputsGrad)
    {
        CheckAffineBackward(inputs, preActivationsGrad, batch, weightsGrad, biasesGrad, inputsGrad);
        AffineBackward(inputs, preActivationsGrad[..(batch * Outputs)], batch, weightsGrad, biasesGrad, inputsGrad);
    }

    /// <summary>
    /// The weights packed as op(B) = Wᵀ (Inputs × Outputs) for <see cref="Gemm"/>, repacked in
    /// place (nothing allocated) when the weights may have changed since the last packing.
    /// Concurrent forward passes after a change serialize on the repack; when nothing changed this
    /// is one volatile read. A repack of unchanged weights writes the same bytes, so a thread still
    /// reading the packed copy meanwhile sees no difference.
    /// </summary>
    internal GemmPackedB PackedWeights()
    {
        if (Volatile.Read(ref packedVersion) == Volatile.Read(ref weightsVersion)) return packedWeights!;
        lock (packLock)
        {
            int version = Volatile.Read(ref weightsVersion);
            if (packedVersion != version)
            {
                packedWeights ??= new GemmPackedB(Inputs, Outputs);
                packedWeights.Pack(Transpose.Yes, weights, Inputs);
                Volatile.Write(ref packedVersion, version);
            }

            return packedWeights!;
        }
    }

    /// <summary>H = f(Z) for a batch × Outputs matrix.</summary>
    internal void Apply(ReadOnlySpan<float> z, int batch, Span<float> h) => ActivationMap.Apply(Activation, ActivationParameter, z, batch, Outputs, h);

    /// <summary>dZ = dH ⊙ f'(Z) for batch × Outputs spans of exactly that length; dZ may be dH.</summary>
    private void ActivationBackward(ReadOnlySpan<float> z, ReadOnlySpan<float> h, ReadOnlySpan<float> dh, int batch, Span<float> dz)
    {
        switch (Activation)
        {
            case Activation.Identity: if (!dh.Overlaps(dz)) dh.CopyTo(dz); break;
            case Activation.Sigmoid: Activations.SigmoidGrad(h, dh, dz); break;
            case Activation.Tanh: Activations.TanhGrad(h, dh, dz); break;
            case Activation.Relu: Activations.ReluGrad(z, dh, dz); break;
            case Activation.LeakyRelu: Activations.LeakyReluGrad(z, NegativeSlope, dh, dz); break;
            case Activation.Gelu: Activations.GeluGrad(z, dh, dz); break;
            case Activation.GeluTanh: Activations.GeluTanhGrad(z, dh, dz); break;
            case Activation.Silu: Activations.SiluGrad(z, dh, dz); break;
            case Activation.Elu: Activations.EluGrad(z, ActivationParameter, dh, dz); break;
            case Activation.Relu6: Activations.Relu6Grad(z, dh, dz); break;
            case Activation.LogSoftmax: Activations.LogSoftmaxGrad(h, dh, batch, Outputs, dz); break;
            case Activation.Softmax:
                for (int row = 0; row < batch; row++)
                {
                    var hr = h.Slice(row * Outputs, Outputs);
                    var dhr = dh.Slice(row * Outputs, Outputs);
                    var dzr = dz.Slice(row * Outputs, Outputs);
                    // dhr and dzr may be the same span: the dot product is complete before dzr is written.
                    double dot = 0;
                    for (int j = 0; j < Outputs; j++) dot += (double)dhr[j] * hr[j];
                    for (int j = 0; j < Outputs; j++) dzr[j] = (float)(hr[j] * (dhr[j] - dot));
                }

                break;
        }
    }

    /// <summary>dW += dZᵀ·A, db += Σ_batch dZ, dA = dZ·W (when dA is not empty); dZ is batch × Outputs exactly.</summary>
    private void AffineBackward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> dz, int batch,
        Span<float> weightsGrad, Span<float> biasesGrad, Span<float> inputsGrad)
    {
        Gemm.Multiply(Transpose.Yes, Transpose.No, Outputs, Inputs, batch, 1f, dz, Outputs, inputs, Inputs, 1f, weightsGrad, Inputs);
        Reductions.AddColumnSums(dz, batch, Outputs, biasesGrad);
        if (!inputsGrad.IsEmpty)
        {
            Gemm.Multiply(Transpose.No, Transpose.No, batch, Inputs, Outputs, 1f, dz, Outputs, weights, Inputs, 0f, inputsGrad, Inputs);
        }
    }

    private void CheckAffineBackward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> preActivationsGrad, int batch,
        Span<float> weightsGrad, Span<float> biasesGrad, Span<float> inputsGrad)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be non-negative.");
        RequireAtLeast(inputs.Length, (long)batch * Inputs, nameof(inputs));
        RequireAtLeast(preActivationsGrad.Length, (long)batch * Outputs, nameof(preActivationsGrad));
        RequireLength(weightsGrad.Length, weights.Length, nameof(weightsGrad));
        RequireLength(biasesGrad.Length, biases.Length, nameof(biasesGrad));
        if (!inputsGrad.IsEmpty) RequireAtLeast(inputsGrad.Length, (long)batch * Inputs, nameof(inputsGrad));
    }

    private static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} elements; this layer needs exactly {expected}.", name);
        }
    }

    private static void RequireAtLeast(int length, long expected, string name)
    {
        if (length < expected)
        {
            throw new ArgumentException($"{name} has {length} elements; this call needs at least {expected}.", name);
        }
    }
}
