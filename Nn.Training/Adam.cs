using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nn.Dense;

namespace Nn.Training;

/// <summary>
/// Adam (Kingma and Ba) as PyTorch's torch.optim.Adam (amsgrad off), weight decay on weights only.
/// At step t, for a weight w with gradient g: g ← g + λ·w (coupled L2, as PyTorch Adam's weight_decay,
/// not AdamW); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
/// w ← w − (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε), the bias-corrected form PyTorch computes.
/// </summary>
public sealed class Adam : Optimizer
{
    private float[][][] firstMoment = [];
    private float[][][] secondMoment = [];

    /// <summary>Adam with PyTorch's defaults: η = 10⁻³, β1 = 0.9, β2 = 0.999, ε = 10⁻⁸, λ = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (β in [0, 1), ε &gt; 0, λ ≥ 0).</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0)
        : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0 && float.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and positive.");
        if (!(weightDecay >= 0 && float.IsFinite(weightDecay))) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be finite and non-negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β1, the decay of the first-moment average.</summary>
    public float Beta1 { get; }

    /// <summary>β2, the decay of the second-moment average.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The L2 weight decay λ, applied to weights only.</summary>
    public float WeightDecay { get; }

    private protected override void CreateState(Network network)
    {
        firstMoment = ZeroState(network);
        secondMoment = ZeroState(network);
    }

    private protected override void Update(int layer, int kind, Span<float> parameters, ReadOnlySpan<float> gradient, bool isWeight)
    {
        // Bias corrections in double, rounded once, so that late steps (β^t near 0) lose nothing.
        double correction1 = 1 - Math.Pow(Beta1, Steps);
        double correction2 = 1 - Math.Pow(Beta2, Steps);
        var coefficients = new Coefficients(
            (float)(LearningRate / correction1), (float)(1 / Math.Sqrt(correction2)), Beta1, Beta2, Epsilon, isWeight ? WeightDecay : 0f);
        Apply(parameters, gradient, firstMoment[layer][kind], secondMoment[layer][kind], coefficients);
    }

    private static void Apply(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Coefficients c)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int n = w.Length, i = 0;
        float oneMinusBeta1 = 1 - c.Beta1, oneMinusBeta2 = 1 - c.Beta2;
        var beta1V = new Vector<float>(c.Beta1);
        var beta2V = new Vector<float>(c.Beta2);
        var oneMinusBeta1V = new Vector<float>(oneMinusBeta1);
        var oneMinusBeta2V = new Vector<float>(oneMinusBeta2);
        var stepSizeV = new Vector<float>(c.StepSize);
        var inverseRootV = new Vector<float>(c.InverseRootCorrection2);
        var epsilonV = new Vector<float>(c.Epsilon);
        var decayV = new Vector<float>(c.Decay);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wv = Vector.LoadUnsafe(ref wr, (nuint)i);
            var gv = Vector.LoadUnsafe(ref gr, (nuint)i) + decayV * wv;
            var mv = beta1V * Vector.LoadUnsafe(ref mr, (nuint)i) + oneMinusBeta1V * gv;
            var vv = beta2V * Vector.LoadUnsafe(ref vr, (nuint)i) + oneMinusBeta2V * (gv * gv);
            mv.StoreUnsafe(ref mr, (nuint)i);
            vv.StoreUnsafe(ref vr, (nuint)i);
            var denominator = Vector.SquareRoot(vv) * inverseRootV + epsilonV;
            (wv - stepSizeV * (mv / denominator)).StoreUnsafe(ref wr, (nuint)i);
        }

        for (; i < n; i++)
        {
            ref float wi = ref Unsafe.Add(ref wr, i);
            ref float mi = ref Unsafe.Add(ref mr, i);
            ref float vi = ref Unsafe.Add(ref vr, i);
            float gi = Unsafe.Add(ref gr, i) + c.Decay * wi;
            mi = c.Beta1 * mi + oneMinusBeta1 * gi;
            vi = c.Beta2 * vi + oneMinusBeta2 * (gi * gi);
            float denominator = MathF.Sqrt(vi) * c.InverseRootCorrection2 + c.Epsilon;
            wi -= c.StepSize * (mi / denominator);
        }
    }

    private readonly record struct Coefficients(float StepSize, float InverseRootCorrection2, float Beta1, float Beta2, float Epsilon, float Decay);
}
