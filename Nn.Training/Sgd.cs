using Nn.Dense;
using Numerics.Simd;

namespace Nn.Training;

/// <summary>
/// Stochastic gradient descent as PyTorch's torch.optim.SGD (dampening 0), with weight decay on
/// weights only. Per step, for a weight w with gradient g:
/// g ← g + λ·w (L2 weight decay: the gradient of λ/2·‖W‖² added to the loss; biases are not decayed);
/// without momentum w ← w − η·g; with momentum μ, v ← μ·v + g (v starts at 0, so the first v is g), then
/// w ← w − η·v, or with Nesterov w ← w − η·(g + μ·v). The element-wise work is
/// <see cref="OptimizerUpdates.Sgd"/> and <see cref="OptimizerUpdates.SgdMomentum"/>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[][][] velocity = [];

    /// <summary>SGD with learning rate η, momentum μ ∈ [0, 1), weight decay λ ≥ 0, optionally Nesterov.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, or nesterov is set without momentum.</exception>
    public Sgd(float learningRate, float momentum = 0, float weightDecay = 0, bool nesterov = false)
        : base(learningRate, weightDecay)
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1).");
        if (nesterov && momentum == 0) throw new ArgumentOutOfRangeException(nameof(nesterov), nesterov, "Nesterov needs a positive momentum.");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum μ (0: plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>Whether the Nesterov form w ← w − η·(g + μ·v) is used.</summary>
    public bool Nesterov { get; }

    private protected override void CreateState(Network network) => velocity = Momentum > 0 ? ZeroState(network) : [];

    private protected override void Update(int layer, ParameterKind kind, Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (Momentum == 0)
        {
            OptimizerUpdates.Sgd(gradient, LearningRate, DecayOf(kind), parameters);
        }
        else
        {
            OptimizerUpdates.SgdMomentum(gradient, LearningRate, Momentum, DecayOf(kind), Nesterov, velocity[layer][(int)kind], parameters);
        }
    }
}
