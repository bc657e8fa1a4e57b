using Nn.Dense;
using Nn.Dense.Tests.Reference;

namespace Nn.Dense.Tests;

/// <summary>
/// DenseLayer.Backward against the naive double reference, and the reference against central
/// finite differences of L = Σ G ⊙ f(A·Wᵀ + b) in double (G plays dH).
/// </summary>
public class BackwardTests
{
    private const int Inputs = 7;
    private const int Outputs = 5;
    private const int Batch = 4;
    private const double Unit = ReferenceNetwork.Unit;

    public static TheoryData<Activation> AllActivations() =>
        [.. Enum.GetValues<Activation>()];

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Reference_backward_agrees_with_central_finite_differences(Activation activation)
    {
        for (int seed = 0; seed < 4; seed++)
        {
            var (layer, a, dh) = Problem(activation, seed);
            var reference = new ReferenceLayer(layer);
            var (_, dw, db, da) = reference.Backward(a, dh, Batch);

            // Step 1e-5 in double: truncation error ~h²·|f'''| ≈ 1e-10 and cancellation ~1e-16·|L|/h ≈ 1e-10,
            // so 1e-7 relative to the gradient's scale leaves three orders of margin and still catches
            // any wrong term (each term is of order 1e-2 or more).
            const double step = 1e-5;
            double Loss() => Dot(reference.Activate(reference.Affine(a, Batch), Batch), dh);
            CheckFiniteDifferences(reference.Weights, dw, Loss, step, $"{activation} seed {seed} dW");
            CheckFiniteDifferences(reference.Biases, db, Loss, step, $"{activation} seed {seed} db");
            CheckFiniteDifferences(a, da, Loss, step, $"{activation} seed {seed} dA");
        }
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Float_backward_matches_the_reference_within_the_error_bound(Activation activation)
    {
        for (int seed = 0; seed < 4; seed++)
        {
            var (layer, a, dh) = Problem(activation, seed);
            var aFloat = a.Select(x => (float)x).ToArray();
            var dhFloat = dh.Select(x => (float)x).ToArray();
            var z = new float[Batch * Outputs];
            var h = new float[Batch * Outputs];
            layer.Forward(aFloat, Batch, z, h);

            // Gradients accumulate: start from known non-zero values and subtract them afterwards.
            var dz = new float[Batch * Outputs];
            var dw = Enumerable.Repeat(0.5f, Outputs * Inputs).ToArray();
            var db = Enumerable.Repeat(-0.25f, Outputs).ToArray();
            var da = Enumerable.Repeat(float.NaN, Batch * Inputs).ToArray();
            layer.Backward(aFloat, z, h, dhFloat, Batch, dz, dw, db, da);

            var reference = new ReferenceLayer(layer);
            var (wantDz, wantDw, wantDb, wantDa) = reference.Backward(a, dh, Batch);
            var bounds = Bounds(reference, a, dh, wantDz);
            string context = $"{activation} seed {seed}";
            AssertClose(dz, wantDz, bounds.Dz, 0, $"{context} dZ");
            AssertClose(dw, wantDw, bounds.Dw, 0.5, $"{context} dW");
            AssertClose(db, wantDb, bounds.Db, -0.25, $"{context} db");
            AssertClose(da, wantDa, bounds.Da, 0, $"{context} dA");
        }
    }

    [Fact]
    public void Input_gradient_is_skipped_when_empty_and_dz_may_alias_dh()
    {
        var (layer, a, dh) = Problem(Activation.Tanh, 9);
        var aFloat = a.Select(x => (float)x).ToArray();
        var z = new float[Batch * Outputs];
        var h = new float[Batch * Outputs];
        layer.Forward(aFloat, Batch, z, h);

        var separate = new float[Batch * Outputs];
        var dw1 = new float[Outputs * Inputs];
        var db1 = new float[Outputs];
        layer.Backward(aFloat, z, h, dh.Select(x => (float)x).ToArray(), Batch, separate, dw1, db1, Span<float>.Empty);

        var aliased = dh.Select(x => (float)x).ToArray();
        var dw2 = new float[Outputs * Inputs];
        var db2 = new float[Outputs];
        layer.Backward(aFloat, z, h, aliased, Batch, aliased, dw2, db2, Span<float>.Empty);
        Assert.Equal(separate, aliased);
        Assert.Equal(dw1, dw2);
        Assert.Equal(db1, db2);
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Backward_from_dz_is_the_second_half_of_backward_from_dh_bit_for_bit(Activation activation)
    {
        // The loss-fused path (softmax + cross-entropy hands the layer dZ) must run the same
        // products as the path through f', so training results do not depend on which one ran.
        var (layer, a, dh) = Problem(activation, 5);
        var aFloat = a.Select(x => (float)x).ToArray();
        var z = new float[Batch * Outputs];
        var h = new float[Batch * Outputs];
        layer.Forward(aFloat, Batch, z, h);
        var dz = new float[Batch * Outputs];
        var (dw1, db1, da1) = (new float[Outputs * Inputs], new float[Outputs], new float[Batch * Inputs]);
        layer.Backward(aFloat, z, h, dh.Select(x => (float)x).ToArray(), Batch, dz, dw1, db1, da1);

        var (dw2, db2, da2) = (new float[Outputs * Inputs], new float[Outputs], new float[Batch * Inputs]);
        layer.Backward(aFloat, dz, Batch, dw2, db2, da2);
        Assert.Equal(dw1, dw2);
        Assert.Equal(db1, db2);
        Assert.Equal(da1, da2);
    }

    [Fact]
    public void Backward_from_dz_rejects_wrong_lengths_naming_the_argument()
    {
        var layer = new DenseLayer(3, 2, Activation.Relu);
        Assert.Equal("preActivationsGrad", Assert.Throws<ArgumentException>(() =>
            layer.Backward(new float[6], new float[3], 2, new float[6], new float[2], new float[6])).ParamName);
        Assert.Equal("biasesGrad", Assert.Throws<ArgumentException>(() =>
            layer.Backward(new float[6], new float[4], 2, new float[6], new float[3], new float[6])).ParamName);
        Assert.Equal("inputsGrad", Assert.Throws<ArgumentException>(() =>
            layer.Backward(new float[6], new float[4], 2, new float[6], new float[2], new float[5])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            layer.Backward(new float[6], new float[4], -1, new float[6], new float[2], new float[6]));
    }

    [Fact]
    public void Backward_rejects_wrong_lengths_naming_the_argument()
    {
        var layer = new DenseLayer(3, 2, Activation.Relu);
        var error = Assert.Throws<ArgumentException>(() =>
            layer.Backward(new float[6], new float[4], new float[4], new float[4], 2, new float[4], new float[5], new float[2], new float[6]));
        Assert.Equal("weightsGrad", error.ParamName);
        error = Assert.Throws<ArgumentException>(() =>
            layer.Backward(new float[5], new float[4], new float[4], new float[4], 2, new float[4], new float[6], new float[2], new float[6]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            layer.Backward(new float[6], new float[4], new float[4], new float[4], -1, new float[4], new float[6], new float[2], new float[6]));
    }

    /// <summary>
    /// A layer, inputs and dH. Every |z| and |z − 6| is kept above 0.05 so that the kinks of ReLU, ELU and
    /// ReLU6 are far beyond the finite-difference step and the float rounding of z (the derivative is then
    /// locally smooth). The layer's activation parameter (LeakyReLU slope, ELU alpha) is 0.1.
    /// </summary>
    private static (DenseLayer Layer, double[] A, double[] Dh) Problem(Activation activation, int seed)
    {
        var random = new Random(1000 * (int)activation + seed);
        while (true)
        {
            var layer = new DenseLayer(Inputs, Outputs, activation) { NegativeSlope = 0.1f };
            TestNetworks.Fill(random, layer.Weights, 1f);
            TestNetworks.Fill(random, layer.Biases, 0.5f);
            var a = TestNetworks.RandomArray(random, Batch * Inputs).Select(x => (double)x).ToArray();
            var dh = TestNetworks.RandomArray(random, Batch * Outputs).Select(x => (double)x).ToArray();
            var z = new ReferenceLayer(layer).Affine(a, Batch);
            if (z.All(v => Math.Abs(v) > 0.05 && Math.Abs(v - 6) > 0.05)) return (layer, a, dh);
        }
    }

    private static void CheckFiniteDifferences(double[] parameters, double[] analytic, Func<double> loss, double step, string context)
    {
        double scale = analytic.Max(Math.Abs) + 1e-3;
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + step;
            double plus = loss();
            parameters[i] = saved - step;
            double minus = loss();
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * step);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-7 * scale,
                $"{context}[{i}]: analytic {analytic[i]:R}, central difference {numeric:R}.");
        }
    }

    /// <summary>
    /// Bounds on |float − exact| for the backward outputs (u = 2^-24):
    /// Z in float is within ez = 2(k+1)u(|b| + Σ|w a|) (A and W are exact floats); H within the
    /// activation bound of <see cref="ReferenceNetwork"/>. f' is evaluated from the float Z or H, so
    /// dZ errs by |dH|·(Lipschitz of f' in the saved quantity · its error) plus a few roundings
    /// (sigmoid h(1−h): slope ≤ 1; tanh 1−h²: slope ≤ 2; ReLU/LeakyReLU/Identity: 0, since |z| is
    /// kept well away from the kink; softmax h⊙(dh − Σ dh h): eh_j|dh_j − s| + h_j Σ|dh_i| eh_i +
    /// (cols+4)u·h_j(|dh_j| + Σ|dh_i h_i|); GELU, GELU-tanh, SiLU: |f''| ≤ 1 times ez plus their documented
    /// 32, 24 and 16 ulps relative to |f'| + |z·gate'| ≤ 1 + |z|; ELU: alpha·e^z·(ez + 6u); log-softmax
    /// dh − e^h·Σdh: e^h inherits eh plus exp's 2 ulp, the row sum (cols − 1)u·Σ|dh|). The dZ error e then flows linearly into
    /// dW = Σ_r dZ·A (Σ_r e|A| + 2(batch+1)u Σ_r |dZ A|), db and dA = dZ·W likewise.
    /// </summary>
    private static (double[] Dz, double[] Dw, double[] Db, double[] Da) Bounds(ReferenceLayer layer, double[] a, double[] dh, double[] dz)
    {
        var z = layer.Affine(a, Batch);
        var ez = ReferenceNetwork.AffineBound(layer, a, new double[a.Length], Batch);
        var h = layer.Activate(z, Batch);
        var eh = ReferenceNetwork.ActivationBound(layer, z, ez, h, Batch);
        var edz = new double[dz.Length];
        for (int r = 0; r < Batch; r++)
        {
            double dot = 0, absDot = 0, weighted = 0, sum = 0, absSum = 0;
            for (int j = 0; j < Outputs; j++)
            {
                int index = r * Outputs + j;
                dot += dh[index] * h[index];
                absDot += Math.Abs(dh[index] * h[index]);
                weighted += Math.Abs(dh[index]) * eh[index];
                sum += dh[index];
                absSum += Math.Abs(dh[index]);
            }

            for (int j = 0; j < Outputs; j++)
            {
                int index = r * Outputs + j;
                double g = Math.Abs(dh[index]);
                edz[index] = layer.Activation switch
                {
                    Activation.Identity or Activation.Relu => 0,
                    Activation.LeakyRelu => 2 * Unit * Math.Abs(dz[index]),
                    Activation.Sigmoid => g * eh[index] + 4 * Unit * Math.Abs(dz[index]),
                    Activation.Tanh => 2 * g * eh[index] + 4 * Unit * Math.Abs(dz[index]),
                    Activation.Softmax => eh[index] * Math.Abs(dh[index] - dot) + h[index] * weighted
                        + (Outputs + 4) * Unit * h[index] * (g + absDot),
                    Activation.Relu6 => 0,
                    Activation.Gelu or Activation.GeluTanh or Activation.Silu => g * (ez[index] + 40 * Unit * (1 + Math.Abs(z[index]))) + Unit * Math.Abs(dz[index]),
                    Activation.Elu => g * 0.1 * Math.Exp(Math.Min(z[index], 0)) * (ez[index] + 8 * Unit),
                    Activation.LogSoftmax => Math.Exp(h[index]) * ((eh[index] + 8 * Unit) * Math.Abs(sum) + Outputs * Unit * absSum) + Unit * Math.Abs(dz[index]),
                    _ => throw new InvalidOperationException(),
                };
            }
        }

        var dw = new double[Outputs * Inputs];
        var db = new double[Outputs];
        var da = new double[Batch * Inputs];
        double gammaBatch = 2.0 * (Batch + 1) * Unit, gammaOutputs = 2.0 * (Outputs + 1) * Unit;
        for (int r = 0; r < Batch; r++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                int index = r * Outputs + j;
                db[j] += edz[index] + gammaBatch * Math.Abs(dz[index]);
                for (int i = 0; i < Inputs; i++)
                {
                    double av = Math.Abs(a[r * Inputs + i]), wv = Math.Abs(layer.Weights[j * Inputs + i]);
                    dw[j * Inputs + i] += edz[index] * av + gammaBatch * Math.Abs(dz[index]) * av;
                    da[r * Inputs + i] += edz[index] * wv + gammaOutputs * Math.Abs(dz[index]) * wv;
                }
            }
        }

        return (edz, dw, db, da);
    }

    private static void AssertClose(float[] got, double[] want, double[] bound, double start, string context)
    {
        for (int i = 0; i < got.Length; i++)
        {
            // Accumulating onto `start` adds one rounding of the sum (u·|result|).
            double error = Math.Abs(got[i] - start - want[i]);
            double allowed = bound[i] + Unit * (Math.Abs(start) + Math.Abs(want[i]) + bound[i]);
            Assert.True(error <= allowed, $"{context}[{i}]: got {got[i] - start:R}, reference {want[i]:R}, error {error:E3} > bound {allowed:E3}.");
        }
    }

    private static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }
}
