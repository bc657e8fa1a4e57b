using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Stochastic gradient descent as PyTorch's torch.optim.SGD (dampening 0), with weight decay on
/// weights only. Per step, for a weight w with gradient g:
/// g ← g + λ·w (L2 weight decay: the gradient of λ/2·‖W‖² added to the loss; biases are not decayed);
/// without momentum w ← w − η·g; with momentum μ, v ← μ·v + g (v starts at 0, so the first v is g), then
/// w ← w − η·v, or with Nesterov w ← w − η·(g + μ·v).
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[][][] velocity = [];

    /// <summary>SGD with learning rate η, momentum μ ∈ [0, 1), weight decay λ ≥ 0, optionally Nesterov.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, or nesterov is set without momentum.</exception>
    public Sgd(float learningRate, float momentum = 0, float weightDecay = 0, bool nesterov = false)
        : base(learningRate)
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1).");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be finite and non-negative.");
        if (nesterov && momentum == 0) throw new ArgumentOutOfRangeException(nameof(nesterov), nesterov, "Nesterov needs a positive momentum.");
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    /// <summary>The momentum μ (0: plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>The L2 weight decay λ, applied to weights only.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the Nesterov form w ← w − η·(g + μ·v) is used.</summary>
    public bool Nesterov { get; }

    private protected override void CreateState(Network network) => velocity = Momentum > 0 ? ZeroState(network) : [];

    private protected override void Update(int layer, int kind, Span<float> parameters, ReadOnlySpan<float> gradient, bool isWeight)
    {
        float decay = isWeight ? WeightDecay : 0f;
        if (Momentum == 0) Plain(parameters, gradient, LearningRate, decay);
        else WithMomentum(parameters, gradient, velocity[layer][kind], LearningRate, Momentum, decay, Nesterov);
    }

    private static void Plain(Span<float> w, ReadOnlySpan<float> g, float rate, float decay)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        int n = w.Length, i = 0;
        var rateV = new Vector<float>(rate);
        var decayV = new Vector<float>(decay);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref wr, (nuint)i);
            var gv = Vector.LoadUnsafe(ref gr, (nuint)i) + decayV * wv;
            (wv - rateV * gv).StoreUnsafe(ref wr, (nuint)i);
        }

        for (; i < n; i++)
        {
            ref float wi = ref Unsafe.Add(ref wr, i);
            float gi = Unsafe.Add(ref gr, i) + decay * wi;
            wi -= rate * gi;
        }
    }

    private static void WithMomentum(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float rate, float momentum, float decay, bool nesterov)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int n = w.Length, i = 0;
        var rateV = new Vector<float>(rate);
        var decayV = new Vector<float>(decay);
        var momentumV = new Vector<float>(momentum);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref wr, (nuint)i);
            var gv = Vector.LoadUnsafe(ref gr, (nuint)i) + decayV * wv;
            var vv = momentumV * Vector.LoadUnsafe(ref vr, (nuint)i) + gv;
            vv.StoreUnsafe(ref vr, (nuint)i);
            var step = nesterov ? gv + momentumV * vv : vv;
            (wv - rateV * step).StoreUnsafe(ref wr, (nuint)i);
        }

        for (; i < n; i++)
        {
            ref float wi = ref Unsafe.Add(ref wr, i);
            ref float vi = ref Unsafe.Add(ref vr, i);
            float gi = Unsafe.Add(ref gr, i) + decay * wi;
            vi = momentum * vi + gi;
            float step = nesterov ? gi + momentum * vi : vi;
            wi -= rate * step;
        }
    }
}
