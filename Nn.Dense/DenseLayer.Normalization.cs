using Numerics.Simd;

namespace Nn.Dense;

// The optional steps of a layer around its activation, in PyTorch's block order
// Linear → normalization → activation → dropout (shapes batch × Outputs throughout):
//   Forward   Z = A·Wᵀ + b → x̂ = normalize(Z) → Y = γ·x̂ + β → F = f(Y) → H = F ⊙ mask
//   Backward  dH → dF = dH ⊙ mask → dY = dF ⊙ f'(Y) → dγ += Σ dY⊙x̂, dβ += Σ dY, dZ = normalize'(dY) → affine backward
// The training pass keeps Y (the cache's PreActivations), x̂, F and the mask in the ForwardCache.
public sealed partial class DenseLayer
{
    private readonly float[] scale = [];
    private readonly float[] shift = [];
    private readonly float[] runningMean = [];
    private readonly float[] runningVariance = [];

    // Batch normalization folded into W and b for inference, rebuilt when the weights (weightsVersion) or
    // the biases, γ, β or running statistics (foldVersion) may have changed since the last fold.
    private int foldVersion;
    private int foldedWeightsVersion = -1;
    private int foldedFoldVersion = -1;
    private float[]? foldedWeightsRows;
    private readonly float[] foldedBiases = [];
    private GemmPackedB? foldedWeights;

    /// <summary>
    /// Creates a layer with zero weights and biases, an optional normalization between Z and the activation
    /// (γ = 1, β = 0, running mean 0 and variance 1, as PyTorch initializes them) and inverted dropout with
    /// probability <paramref name="dropoutRate"/> after the activation, in training only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As the other constructor, normalization is undefined, or dropoutRate is not in [0, 1).</exception>
    public DenseLayer(int inputs, int outputs, Activation activation, Normalization normalization, float dropoutRate = 0f)
        : this(inputs, outputs, activation)
    {
        if (!Enum.IsDefined(normalization)) throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Unknown normalization.");
        if (!(dropoutRate >= 0 && dropoutRate < 1)) throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "The dropout rate must be in [0, 1).");
        Normalization = normalization;
        DropoutRate = dropoutRate;
        if (normalization == Normalization.None) return;
        scale = new float[outputs];
        shift = new float[outputs];
        scale.AsSpan().Fill(1f);
        if (normalization != Normalization.Batch) return;
        runningMean = new float[outputs];
        runningVariance = new float[outputs];
        runningVariance.AsSpan().Fill(1f);
        foldedBiases = new float[outputs];
    }

    /// <summary>The normalization between Z and the activation. Batch normalization is folded into W and b on the first inference after a change (the model file keeps W, b, γ, β and the running statistics apart).</summary>
    public Normalization Normalization { get; }

    /// <summary>The dropout probability p after the activation in training (0: none); inference ignores it.</summary>
    public float DropoutRate { get; }

    /// <summary>γ, [Outputs] (empty without normalization); optimizers update it in place.</summary>
    public Span<float> NormalizationScale => Touch(scale);

    /// <summary>β, [Outputs] (empty without normalization); optimizers update it in place.</summary>
    public Span<float> NormalizationShift => Touch(shift);

    /// <summary>Batch normalization's running mean, [Outputs] (empty otherwise); training forward passes update it.</summary>
    public Span<float> RunningMean => Touch(runningMean);

    /// <summary>Batch normalization's running (unbiased) variance, [Outputs] (empty otherwise).</summary>
    public Span<float> RunningVariance => Touch(runningVariance);

    private bool HasTrainingSteps => Normalization != Normalization.None || DropoutRate > 0;

    /// <summary>
    /// The forward pass into a cache: training (batch statistics, running statistics updated, dropout on) or
    /// not (running statistics, no dropout). A layer with neither step runs the inference forward pass itself.
    /// </summary>
    internal void Forward(ReadOnlySpan<float> inputs, int batch, ForwardCache cache, int layer, bool training)
    {
        var y = cache.PreActivationsBuffer(layer);
        var h = cache.OutputsBuffer(layer);
        if (!HasTrainingSteps || (!training && Normalization == Normalization.None))
        {
            Forward(inputs, batch, y, h);
            return;
        }

        if (Normalization == Normalization.None)
        {
            Gemm.MultiplyAddBias(Transpose.No, batch, inputs[..(batch * Inputs)], Inputs, PackedWeights(), biases, y, Outputs);
        }
        else
        {
            var z = cache.NormalizedBuffer(layer);
            Gemm.MultiplyAddBias(Transpose.No, batch, inputs[..(batch * Inputs)], Inputs, PackedWeights(), biases, z, Outputs);
            Normalize(z, batch, cache.StatisticsBuffer(layer), training, y);
        }

        if (training && DropoutRate > 0)
        {
            var activated = cache.ActivatedBuffer(layer);
            Apply(y, batch, activated);
            Dropout.Forward(activated, DropoutRate, ref cache.Generator, cache.MaskBuffer(layer), h);
        }
        else
        {
            Apply(y, batch, h);
        }
    }

    /// <summary>
    /// The backward pass of layer <paramref name="layer"/> of <paramref name="cache"/>'s network from its latest
    /// training forward pass (<see cref="Network.Forward(ReadOnlySpan{float}, int, ForwardCache)"/>), in the order
    /// dropout, activation, normalization, affine map. <paramref name="gradient"/> (Batch × Outputs) holds dH, or
    /// dY, the gradient at the activation's input, when <paramref name="isActivationInputGrad"/> (a loss fused
    /// with the activation), and is overwritten with dZ; then dW += dZᵀ·A, db += Σ dZ, dγ += Σ dY⊙x̂, dβ += Σ dY
    /// accumulate (the caller clears) and dA = dZ·W is written unless <paramref name="inputsGrad"/> is empty.
    /// scaleGrad and shiftGrad are [Outputs], or empty for a layer without normalization. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">cache is null.</exception>
    /// <exception cref="ArgumentException">This is not layer <paramref name="layer"/> of the cache's network, or a span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> inputs, ForwardCache cache, int layer, Span<float> gradient, bool isActivationInputGrad,
        Span<float> weightsGrad, Span<float> biasesGrad, Span<float> scaleGrad, Span<float> shiftGrad, Span<float> inputsGrad)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var layers = cache.Network.Layers;
        if ((uint)layer >= (uint)layers.Count || layers[layer] != this) throw new ArgumentException($"This is not layer {layer} of the cache's network.", nameof(layer));
        int batch = cache.Batch;
        RequireAtLeast(gradient.Length, (long)batch * Outputs, nameof(gradient));
        RequireLength(scaleGrad.Length, scale.Length, nameof(scaleGrad));
        RequireLength(shiftGrad.Length, shift.Length, nameof(shiftGrad));
        CheckAffineBackward(inputs, gradient, batch, weightsGrad, biasesGrad, inputsGrad);
        gradient = gradient[..(batch * Outputs)];
        if (!isActivationInputGrad)
        {
            ReadOnlySpan<float> activated = cache.OutputsBuffer(layer);
            if (DropoutRate > 0)
            {
                Dropout.Backward(cache.MaskBuffer(layer), gradient);
                activated = cache.ActivatedBuffer(layer);
            }

            ActivationBackward(cache.PreActivationsBuffer(layer), activated, gradient, batch, gradient);
        }

        var normalized = cache.NormalizedBuffer(layer);
        var statistics = cache.StatisticsBuffer(layer);
        if (Normalization == Normalization.Batch) BatchNormalization.Backward(normalized, statistics, scale, gradient, batch, Outputs, scaleGrad, shiftGrad);
        else if (Normalization == Normalization.Layer) LayerNormalization.Backward(normalized, statistics, scale, gradient, batch, Outputs, scaleGrad, shiftGrad);
        AffineBackward(inputs, gradient, batch, weightsGrad, biasesGrad, inputsGrad);
    }

    /// <summary>Y = γ·normalize(Z) + β, Z normalized in place to x̂ (kept for the backward pass) when training or for layer normalization.</summary>
    private void Normalize(Span<float> z, int batch, Span<float> statistics, bool training, Span<float> y)
    {
        if (Normalization == Normalization.Layer)
        {
            LayerNormalization.Forward(z, batch, Outputs, scale, shift, z, statistics[..batch], y);
        }
        else if (training)
        {
            BatchNormalization.ForwardTraining(z, batch, Outputs, scale, shift, runningMean, runningVariance, statistics, y);
            Interlocked.Increment(ref foldVersion);
        }
        else
        {
            BatchNormalization.ForwardInference(z, batch, Outputs, scale, shift, runningMean, runningVariance, statistics, y);
        }
    }

    /// <summary>The packed weights and the bias inference uses: W and b, or with batch normalization the folded W' and b'.</summary>
    private GemmPackedB InferenceWeights(out ReadOnlySpan<float> bias)
    {
        if (Normalization != Normalization.Batch)
        {
            bias = biases;
            return PackedWeights();
        }

        bias = foldedBiases;
        if (Volatile.Read(ref foldedWeightsVersion) == Volatile.Read(ref weightsVersion)
            && Volatile.Read(ref foldedFoldVersion) == Volatile.Read(ref foldVersion))
        {
            return foldedWeights!;
        }

        lock (packLock)
        {
            int weightsNow = Volatile.Read(ref weightsVersion), foldNow = Volatile.Read(ref foldVersion);
            if (foldedWeightsVersion != weightsNow || foldedFoldVersion != foldNow)
            {
                foldedWeightsRows ??= new float[weights.Length];
                BatchNormalization.Fold(weights, biases, Inputs, scale, shift, runningMean, runningVariance, foldedWeightsRows, foldedBiases);
                foldedWeights ??= new GemmPackedB(Inputs, Outputs);
                foldedWeights.Pack(Transpose.Yes, foldedWeightsRows, Inputs);
                Volatile.Write(ref foldedFoldVersion, foldNow);
                Volatile.Write(ref foldedWeightsVersion, weightsNow);
            }

            return foldedWeights!;
        }
    }

    /// <summary>The weights and biases of the inference map: W and b, or with batch normalization the folded W' and b'.</summary>
    /// <exception cref="NotSupportedException">The layer has layer normalization, which no Gemm can hold.</exception>
    internal void CopyInferenceParameters(Span<float> weightsOut, Span<float> biasesOut)
    {
        if (Normalization == Normalization.Layer) throw new NotSupportedException("Layer normalization cannot be exported yet.");
        if (Normalization == Normalization.Batch)
        {
            BatchNormalization.Fold(weights, biases, Inputs, scale, shift, runningMean, runningVariance, weightsOut, biasesOut);
            return;
        }

        weights.CopyTo(weightsOut);
        biases.CopyTo(biasesOut);
    }

    private float[] Touch(float[] parameters)
    {
        Interlocked.Increment(ref foldVersion);
        return parameters;
    }
}
