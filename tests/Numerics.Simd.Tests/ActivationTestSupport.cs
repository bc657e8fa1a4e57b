namespace Numerics.Simd.Tests;

/// <summary>Shared helpers of the activation, softmax and GEMV tests: random data and ulp distances.</summary>
internal static class ActivationTestSupport
{
    /// <summary>The unit roundoff of float, 2^-24.</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>The smallest positive subnormal float, 2^-149, as a double.</summary>
    public static readonly double MinSubnormal = Math.ScaleB(1.0, -149);

    /// <summary>Lengths 0..300 (every remainder of every vector width, unrolled loops included) and a few large ones.</summary>
    public static IEnumerable<int> Lengths()
    {
        for (int n = 0; n <= 300; n++) yield return n;
        yield return 1023;
        yield return 1024;
        yield return 4099;
    }

    public static float[] Uniform(Random random, int length, float low, float high)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = low + (float)random.NextDouble() * (high - low);
        return values;
    }

    /// <summary>The spacing of floats at <paramref name="value"/> (ulp of its binade; 2^-149 in the subnormals).</summary>
    public static double Ulp(double value)
    {
        double magnitude = Math.Abs(value);
        if (magnitude < Math.ScaleB(1.0, -126)) return MinSubnormal;
        int exponent = Math.ILogB(magnitude);
        return Math.ScaleB(1.0, Math.Min(exponent, 127) - 23);
    }

    /// <summary>|got − want| in ulps of want (the error measure of libm documentation).</summary>
    public static double UlpError(float got, double want) => Math.Abs(got - want) / Ulp(want);

    /// <summary>Special inputs every element-wise kernel is swept with.</summary>
    public static readonly float[] SpecialValues =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f,
        float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, float.MaxValue, float.MinValue,
        88.7f, -88.7f, 88.72f, 89f, -87.4f, -103.9f, -104f, 100f, -100f, 1e30f, -1e30f,
        1e-30f, -1e-30f, 1e-8f, -1e-8f, 0.5f, -0.5f, 1f, -1f, 9.0109f, -9.0109f, 9.02f, 16.7f, 17f, -17f,
    ];
}
