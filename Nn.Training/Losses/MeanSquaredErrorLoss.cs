namespace Nn.Training;

/// <summary>L = Σ(y − t)² (Mean: / batch·outputs); ∂L/∂y = 2(y − t) (same divisor).</summary>
internal sealed class MeanSquaredErrorLoss(Reduction reduction) : ElementwiseLoss<MeanSquaredErrorLoss.SquaredError>(reduction)
{
    public override string Name => "MeanSquaredError";

    /// <summary>f(d) = d² (the float difference squared in double), f'(d) = 2d (exact doubling).</summary>
    internal readonly struct SquaredError : IElementLoss
    {
        public static double Value(float difference, float delta) => (double)difference * difference;

        public static float Derivative(float difference, float delta) => 2 * difference;
    }
}
