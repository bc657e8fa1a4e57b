using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The element-wise parameter updates of the usual optimizers (the formulas of PyTorch's
/// torch.optim.SGD and torch.optim.Adam), vectorized per <see cref="Isa.VectorBits"/>. Each updates one
/// parameter array and its optimizer state in place, element by element, from a gradient of the same
/// length; nothing is allocated. The arithmetic is IEEE single precision in the order the formulas are
/// written, with no fused multiply-adds, so every instruction-set path gives the same bits.
/// </summary>
/// <remarks>
/// The spans must not overlap one another (each is read and written at the same position only, but a
/// partial overlap would mix two arrays' elements); the scalars are used as given, unchecked.
/// </remarks>
public static unsafe class OptimizerUpdates
{
    /// <summary>
    /// Plain SGD step on n = parameters.Length elements: g' = g + λ·w, then w ← w − η·g'
    /// (λ = <paramref name="weightDecay"/>, the L2 penalty λ/2·‖w‖²'s gradient; η = <paramref name="learningRate"/>).
    /// </summary>
    /// <exception cref="ArgumentException">gradient's length differs from parameters', or the two overlap.</exception>
    public static void Sgd(ReadOnlySpan<float> gradient, float learningRate, float weightDecay, Span<float> parameters)
    {
        CheckOperand(gradient, nameof(gradient), parameters);
        fixed (float* g = gradient)
        fixed (float* w = parameters)
        {
            UpdateDriver.Run(new SgdOperator(learningRate, weightDecay), g, w, null, null, (nuint)parameters.Length);
        }
    }

    /// <summary>
    /// SGD with momentum (dampening 0) on n = parameters.Length elements: g' = g + λ·w, v ← μ·v + g',
    /// then w ← w − η·v, or with Nesterov w ← w − η·(g' + μ·v). v starts at 0, so the first v is g'.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length differs from parameters', or two spans overlap.</exception>
    public static void SgdMomentum(ReadOnlySpan<float> gradient, float learningRate, float momentum, float weightDecay, bool nesterov,
        Span<float> velocity, Span<float> parameters)
    {
        CheckOperand(gradient, nameof(gradient), parameters);
        CheckOperand(velocity, nameof(velocity), parameters);
        Aliasing.Disjoint(gradient, velocity, nameof(gradient), nameof(velocity));
        fixed (float* g = gradient)
        fixed (float* v = velocity)
        fixed (float* w = parameters)
        {
            UpdateDriver.Run(new SgdMomentumOperator(learningRate, momentum, weightDecay, nesterov), g, w, v, null, (nuint)parameters.Length);
        }
    }

    /// <summary>
    /// Adam step number <paramref name="step"/> (t, from 1) on n = parameters.Length elements, PyTorch's
    /// bias-corrected form with coupled L2 decay (not AdamW): g' = g + λ·w; m ← β1·m + (1 − β1)·g';
    /// v ← β2·v + (1 − β2)·g'²; w ← w − (η/(1 − β1^t))·m / (√v/√(1 − β2^t) + ε). The two corrections are
    /// computed in double and rounded once, so late steps (β^t near 0) lose nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">step is less than 1.</exception>
    /// <exception cref="ArgumentException">A span's length differs from parameters', or two spans overlap.</exception>
    public static void Adam(ReadOnlySpan<float> gradient, float learningRate, float beta1, float beta2, float epsilon, float weightDecay, long step,
        Span<float> firstMoment, Span<float> secondMoment, Span<float> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        CheckOperand(gradient, nameof(gradient), parameters);
        CheckOperand(firstMoment, nameof(firstMoment), parameters);
        CheckOperand(secondMoment, nameof(secondMoment), parameters);
        Aliasing.Disjoint(gradient, firstMoment, nameof(gradient), nameof(firstMoment));
        Aliasing.Disjoint(gradient, secondMoment, nameof(gradient), nameof(secondMoment));
        Aliasing.Disjoint(firstMoment, secondMoment, nameof(firstMoment), nameof(secondMoment));
        double correction1 = 1 - Math.Pow(beta1, step);
        double correction2 = 1 - Math.Pow(beta2, step);
        var coefficients = new AdamOperator.Coefficients(
            (float)(learningRate / correction1), (float)(1 / Math.Sqrt(correction2)), beta1, beta2, 1 - beta1, 1 - beta2, epsilon, weightDecay);
        fixed (float* g = gradient)
        fixed (float* m = firstMoment)
        fixed (float* v = secondMoment)
        fixed (float* w = parameters)
        {
            UpdateDriver.Run(new AdamOperator(coefficients), g, w, m, v, (nuint)parameters.Length);
        }
    }

    /// <summary>Throws unless <paramref name="operand"/> has parameters' length and does not overlap it.</summary>
    private static void CheckOperand(ReadOnlySpan<float> operand, string name, ReadOnlySpan<float> parameters)
    {
        Check.SameLength(operand.Length, parameters.Length, name, nameof(parameters));
        Aliasing.Disjoint(parameters, operand, nameof(parameters), name);
    }
}
