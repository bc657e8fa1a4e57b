using Nn.Dense;

namespace Nn.Training.Tests;

/// <summary>
/// L1 and Huber against numbers computed once with PyTorch 1.13 (scripts/make-regression-loss-reference.py,
/// float64) on differences that hit every branch: 0 (L1's sign(0) = 0), exactly ±δ (Huber's seam),
/// inside and beyond δ. The float results are within a few ε of them (8 elements, each one float subtraction).
/// </summary>
public class RegressionLossTests
{
    private static readonly float[] Outputs = [0.5f, -1.25f, 2.0f, 3.5f, 0.0f, 0.75f, -2.5f, 10.0f];
    private static readonly float[] Targets = [0.5f, -0.25f, 1.0f, 0.25f, 0.3f, 0.5f, 1.5f, -6.0f];

    [Theory]
    [InlineData("L1", Reduction.Mean, 3.2250000000000001, new double[] { 0, -0.125, 0.125, 0.125, -0.125, 0.125, -0.125, 0.125 })]
    [InlineData("L1", Reduction.Sum, 25.800000000000001, new double[] { 0, -1, 1, 1, -1, 1, -1, 1 })]
    [InlineData("Huber", Reduction.Mean, 2.8532812500000002, new double[] { 0, -0.125, 0.125, 0.125, -0.037499999999999999, 0.03125, -0.125, 0.125 })]
    [InlineData("Huber", Reduction.Sum, 22.826250000000002, new double[] { 0, -1, 1, 1, -0.29999999999999999, 0.25, -1, 1 })]
    public void Values_and_gradients_match_PyTorch(string name, Reduction reduction, double value, double[] gradient)
    {
        var loss = name == "L1" ? Loss.L1(reduction) : Loss.Huber(reduction);
        Assert.Equal(name, loss.Name);
        // 0.3 is not a float: the float target differs from PyTorch's double by up to 2⁻²⁵·0.3, and the sum adds 8 such terms.
        double got = loss.Value(Outputs, Outputs, Targets, 2, 4, Activation.Identity);
        Assert.True(Math.Abs(got - value) <= 8 * Math.Pow(2, -24) * Math.Max(1, value), $"{name} {reduction}: {got} vs PyTorch {value}");

        var grad = new float[8];
        Assert.Equal(LossGradient.OutputsGrad, loss.Gradient(Outputs, Targets, 2, 4, Activation.Identity, grad));
        for (int i = 0; i < 8; i++)
        {
            Assert.True(Math.Abs(grad[i] - gradient[i]) <= 2 * Math.Pow(2, -24) * Math.Abs(gradient[i]), $"{name} {reduction} grad[{i}]: {grad[i]} vs PyTorch {gradient[i]}");
        }
    }

    [Fact]
    public void L1_gradient_is_zero_where_the_output_equals_the_target()
    {
        var grad = new float[2];
        Loss.L1(Reduction.Sum).Gradient([1.5f, -2f], [1.5f, -2f], 1, 2, Activation.Identity, grad);
        Assert.Equal([0f, 0f], grad);
    }

    [Fact]
    public void Huber_delta_must_be_positive_and_finite()
    {
        foreach (float delta in new[] { 0f, -1f, float.NaN, float.PositiveInfinity })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Huber(Reduction.Mean, delta));
        }

        // δ = 2: ½d² for |d| = 1.5 < 2, δ(|d| − ½δ) = 2·(3 − 1) = 4 for |d| = 3.
        Assert.Equal(0.5 * 1.5 * 1.5 + 4, Loss.Huber(Reduction.Sum, 2f).Value([1.5f, 3f], [1.5f, 3f], [0f, 0f], 1, 2, Activation.Identity));
    }
}
