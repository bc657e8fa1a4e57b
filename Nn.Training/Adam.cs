using Nn.Dense;
using Numerics.Simd;

namespace Nn.Training;

/// <summary>
/// Adam (Kingma and Ba) as PyTorch's torch.optim.Adam (amsgrad off), weight decay on weights only.
/// At step t, for a weight w with gradient g: g ← g + λ·w (coupled L2, as PyTorch Adam's weight_decay,
/// not AdamW); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
/// w ← w − (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε), the bias-corrected form PyTorch computes.
/// The element-wise work is <see cref="OptimizerUpdates.Adam"/>.
/// </summary>
public sealed class Adam : Optimizer
{
    private float[][][] firstMoment = [];
    private float[][][] secondMoment = [];

    /// <summary>Adam with PyTorch's defaults: η = 10⁻³, β1 = 0.9, β2 = 0.999, ε = 10⁻⁸, λ = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (β in [0, 1), ε &gt; 0, λ ≥ 0).</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0)
        : base(learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0 && float.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β1, the decay of the first-moment average.</summary>
    public float Beta1 { get; }

    /// <summary>β2, the decay of the second-moment average.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public float Epsilon { get; }

    private protected override void CreateState(Network network)
    {
        firstMoment = ZeroState(network);
        secondMoment = ZeroState(network);
    }

    private protected override void Update(int layer, ParameterKind kind, Span<float> parameters, ReadOnlySpan<float> gradient) =>
        OptimizerUpdates.Adam(gradient, LearningRate, Beta1, Beta2, Epsilon, DecayOf(kind), Steps,
            firstMoment[layer][(int)kind], secondMoment[layer][(int)kind], parameters);
}
