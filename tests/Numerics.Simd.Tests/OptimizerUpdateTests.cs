using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>
/// <see cref="OptimizerUpdates"/>: at every length (so every element lands once in a vector and once in
/// a tail across the sweep) the result is the documented formula evaluated element by element in
/// single precision, in the order written, bit for bit; that is what makes every instruction-set path
/// agree. (Nn.Training's optimizer tests compare whole steps against double references.)
/// </summary>
public class OptimizerUpdateTests
{
    // Not constants: 1 - Beta1 must be rounded at run time, as the library rounds it, not folded by the compiler.
    private static readonly float Rate = 0.05f, Momentum = 0.9f, Decay = 0.01f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    private static (float[] Gradient, float[] Parameters, float[] State1, float[] State2) Data(int length, int seed)
    {
        var random = new Random(seed);
        var gradient = Uniform(random, length, -2, 2);
        if (length > 0) gradient[random.Next(length)] = SpecialValues[random.Next(SpecialValues.Length)];
        return (gradient, Uniform(random, length, -1, 1), Uniform(random, length, -0.5f, 0.5f), Uniform(random, length, 0, 0.25f));
    }

    private static void AssertBitwiseEqual(float[] want, float[] got, string what, int length)
    {
        for (int i = 0; i < want.Length; i++)
        {
            // Any NaN matches a NaN: IEEE leaves the payload open, and a special gradient may make one.
            bool same = BitConverter.SingleToUInt32Bits(want[i]) == BitConverter.SingleToUInt32Bits(got[i]) || (float.IsNaN(want[i]) && float.IsNaN(got[i]));
            Assert.True(same,
                $"{what}, length {length}, index {i}: {got[i]:R} instead of {want[i]:R} (path {Isa.Describe()})");
        }
    }

    [Fact]
    public void Sgd_is_the_formula_in_single_precision_at_every_length()
    {
        foreach (int length in Lengths())
        {
            var (g, w, _, _) = Data(length, length);
            var want = (float[])w.Clone();
            for (int i = 0; i < length; i++) want[i] = want[i] - Rate * (g[i] + Decay * want[i]);
            OptimizerUpdates.Sgd(g, Rate, Decay, w);
            AssertBitwiseEqual(want, w, "w", length);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SgdMomentum_is_the_formula_in_single_precision_at_every_length(bool nesterov)
    {
        foreach (int length in Lengths())
        {
            var (g, w, v, _) = Data(length, length + 1);
            float[] wantW = (float[])w.Clone(), wantV = (float[])v.Clone();
            for (int i = 0; i < length; i++)
            {
                float decayed = g[i] + Decay * wantW[i];
                wantV[i] = Momentum * wantV[i] + decayed;
                wantW[i] = wantW[i] - Rate * (nesterov ? decayed + Momentum * wantV[i] : wantV[i]);
            }

            OptimizerUpdates.SgdMomentum(g, Rate, Momentum, Decay, nesterov, v, w);
            AssertBitwiseEqual(wantV, v, "v", length);
            AssertBitwiseEqual(wantW, w, "w", length);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Adam_is_the_formula_in_single_precision_at_every_length(long step)
    {
        // The bias corrections as documented: in double, each rounded once.
        float stepSize = (float)(Rate / (1 - Math.Pow(Beta1, step)));
        float inverseRoot = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, step)));
        foreach (int length in Lengths())
        {
            var (g, w, m, v) = Data(length, length + 2);
            float[] wantW = (float[])w.Clone(), wantM = (float[])m.Clone(), wantV = (float[])v.Clone();
            for (int i = 0; i < length; i++)
            {
                float decayed = g[i] + Decay * wantW[i];
                wantM[i] = Beta1 * wantM[i] + (1 - Beta1) * decayed;
                wantV[i] = Beta2 * wantV[i] + (1 - Beta2) * (decayed * decayed);
                wantW[i] = wantW[i] - stepSize * (wantM[i] / (MathF.Sqrt(wantV[i]) * inverseRoot + Epsilon));
            }

            OptimizerUpdates.Adam(g, Rate, Beta1, Beta2, Epsilon, Decay, step, m, v, w);
            AssertBitwiseEqual(wantM, m, "m", length);
            AssertBitwiseEqual(wantV, v, "v", length);
            AssertBitwiseEqual(wantW, w, "w", length);
        }
    }

    [Fact]
    public void Updates_check_lengths_overlaps_and_the_step()
    {
        var buffer = new float[16];
        var four = new float[4];
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => OptimizerUpdates.Sgd(new float[3], Rate, 0, four)).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => OptimizerUpdates.Sgd(buffer.AsSpan(0, 4), Rate, 0, buffer.AsSpan(2, 4))).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(() => OptimizerUpdates.SgdMomentum(four, Rate, Momentum, 0, false, new float[5], new float[4])).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(() => OptimizerUpdates.SgdMomentum(buffer.AsSpan(0, 4), Rate, Momentum, 0, false, buffer.AsSpan(0, 4), new float[4])).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => OptimizerUpdates.Adam(four, Rate, Beta1, Beta2, Epsilon, 0, 0, new float[4], new float[4], new float[4])).ParamName);
        Assert.Equal("secondMoment", Assert.Throws<ArgumentException>(() => OptimizerUpdates.Adam(four, Rate, Beta1, Beta2, Epsilon, 0, 1, new float[4], new float[3], new float[4])).ParamName);
        Assert.Equal("secondMoment", Assert.Throws<ArgumentException>(() => OptimizerUpdates.Adam(four, Rate, Beta1, Beta2, Epsilon, 0, 1, buffer.AsSpan(0, 4), buffer.AsSpan(3, 4), new float[4])).ParamName);
    }

    [Fact]
    public void Updates_allocate_nothing()
    {
        var (g, w, m, v) = Data(1000, 5);
        Assert.Equal(0, Allocations.FewestPerRun(() =>
        {
            OptimizerUpdates.Sgd(g, Rate, Decay, w);
            OptimizerUpdates.SgdMomentum(g, Rate, Momentum, Decay, true, m, w);
            OptimizerUpdates.Adam(g, Rate, Beta1, Beta2, Epsilon, Decay, 3, m, v, w);
        }));
    }
}
