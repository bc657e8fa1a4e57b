namespace Nn.Training;

/// <summary>
/// PyTorch's HuberLoss: per element, with d = y − t, ½d² when |d| &lt; δ, else δ(|d| − ½δ); summed
/// (Mean: / batch·outputs). ∂L/∂y = clamp(d, −δ, δ) (same divisor): squared error near the target,
/// absolute error (a bounded gradient) for outliers.
/// </summary>
internal sealed class HuberLoss(Reduction reduction, float delta) : ElementwiseLoss<HuberLoss.HuberError>(reduction, Checked(delta))
{
    public override string Name => "Huber";

    /// <summary>δ, where the loss turns from quadratic to linear.</summary>
    public float Delta { get; } = delta;

    private static float Checked(float delta) => delta > 0 && float.IsFinite(delta)
        ? delta
        : throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be a positive finite number.");

    /// <summary>f(d) = ½d² for |d| &lt; δ, else δ(|d| − ½δ); f'(d) = clamp(d, −δ, δ).</summary>
    internal readonly struct HuberError : IElementLoss
    {
        public static double Value(float difference, float delta)
        {
            double magnitude = Math.Abs(difference);
            return magnitude < delta ? 0.5 * magnitude * magnitude : delta * (magnitude - 0.5 * delta);
        }

        public static float Derivative(float difference, float delta) => Math.Clamp(difference, -delta, delta);
    }
}
