namespace Nn.Training;

/// <summary>
/// L = Σ|y − t| (Mean: / batch·outputs), PyTorch's L1Loss; ∂L/∂y = sign(y − t) (same divisor), with
/// sign(0) = 0 as torch.sign, so an exact prediction gets no push either way.
/// </summary>
internal sealed class L1Loss(Reduction reduction) : ElementwiseLoss<L1Loss.AbsoluteError>(reduction)
{
    public override string Name => "L1";

    /// <summary>f(d) = |d|, f'(d) = sign(d).</summary>
    internal readonly struct AbsoluteError : IElementLoss
    {
        public static double Value(float difference, float delta) => Math.Abs(difference);

        public static float Derivative(float difference, float delta) => MathF.Sign(difference);
    }
}
