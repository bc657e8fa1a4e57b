using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Updates a network's parameters in place from <see cref="Gradients"/>. An optimizer keeps
/// per-parameter state (momentum, moments) for the one network it first steps; it allocates
/// that state on the first step and nothing after.
/// </summary>
public abstract class Optimizer
{
    private float learningRate;
    private Network? owner;

    private protected Optimizer(float learningRate, float weightDecay)
    {
        LearningRate = learningRate;
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be finite and non-negative.");
        }

        WeightDecay = weightDecay;
    }

    /// <summary>Which of a layer's parameter arrays an update is for.</summary>
    private protected enum ParameterKind
    {
        /// <summary>The weights, [Outputs × Inputs]; weight decay applies to them.</summary>
        Weights,

        /// <summary>The biases, [Outputs]; never decayed.</summary>
        Biases,

        /// <summary>A normalization's γ, [Outputs]; never decayed.</summary>
        NormalizationScale,

        /// <summary>A normalization's β, [Outputs]; never decayed.</summary>
        NormalizationShift,
    }

    /// <summary>The learning rate η; settable between steps (schedules change it per epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public float LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value > 0 && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and positive.");
            }

            learningRate = value;
        }
    }

    /// <summary>The L2 weight decay λ, applied to weights only.</summary>
    public float WeightDecay { get; }

    /// <summary>The number of steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>One update of every weight, bias and normalization γ and β of <paramref name="network"/> from <paramref name="grads"/>.</summary>
    /// <exception cref="ArgumentException">
    /// A null argument, gradients shaped for another network, or a network other than the one this
    /// optimizer's state belongs to (call <see cref="Reset"/> to reuse it on another network).
    /// </exception>
    public void Step(Network network, Gradients grads)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(grads);
        grads.CheckShape(network, nameof(grads));
        if (owner is null)
        {
            CreateState(network);
            owner = network;
        }
        else if (!ReferenceEquals(owner, network))
        {
            throw new ArgumentException("This optimizer's state belongs to another network; call Reset() first.", nameof(network));
        }

        Steps++;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            Update(l, ParameterKind.Weights, layer.Weights, grads.Weights(l));
            Update(l, ParameterKind.Biases, layer.Biases, grads.Biases(l));
            if (layer.Normalization == Normalization.None) continue;
            Update(l, ParameterKind.NormalizationScale, layer.NormalizationScale, grads.NormalizationScale(l));
            Update(l, ParameterKind.NormalizationShift, layer.NormalizationShift, grads.NormalizationShift(l));
        }
    }

    /// <summary>Forgets all state (momentum, moments, step count) so the next step starts afresh, on any network.</summary>
    public void Reset()
    {
        owner = null;
        Steps = 0;
    }

    /// <summary>Allocates state for <paramref name="network"/>'s parameters (see <see cref="ZeroState"/>).</summary>
    private protected abstract void CreateState(Network network);

    /// <summary>
    /// Updates one parameter array of layer <paramref name="layer"/> in place; <see cref="Steps"/> is
    /// already the 1-based number of this step.
    /// </summary>
    private protected abstract void Update(int layer, ParameterKind kind, Span<float> parameters, ReadOnlySpan<float> gradient);

    /// <summary>The weight decay for <paramref name="kind"/>: λ for weights, 0 for biases.</summary>
    private protected float DecayOf(ParameterKind kind) => kind == ParameterKind.Weights ? WeightDecay : 0f;

    /// <summary>Zeroed state arrays shaped like the network's parameters, indexed [layer][(int)kind].</summary>
    private protected static float[][][] ZeroState(Network network)
    {
        var state = new float[network.Layers.Count][][];
        for (int l = 0; l < state.Length; l++)
        {
            var layer = network.Layers[l];
            state[l] = [new float[layer.Weights.Length], new float[layer.Biases.Length],
                new float[layer.NormalizationScale.Length], new float[layer.NormalizationShift.Length]];
        }

        return state;
    }
}
