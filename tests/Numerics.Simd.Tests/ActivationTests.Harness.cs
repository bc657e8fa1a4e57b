using static Numerics.Simd.Tests.ActivationTestSupport;

namespace Numerics.Simd.Tests;

/// <summary>Runs an element-wise kernel over every length (remainder paths), in place and not, with special values mixed in.</summary>
internal static class ElementwiseHarness
{
    public delegate void Unary(ReadOnlySpan<float> x, Span<float> y);

    public delegate void Binary(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    public static void CheckUnary(Unary kernel, Func<float, float, bool> accept, float low, float high)
    {
        var random = new Random(77);
        foreach (int length in Lengths())
        {
            var x = Uniform(random, length, low, high);
            // Special values at random places, so that they also land in the masked or scalar tails.
            for (int s = 0; s < Math.Min(length, 4); s++) x[random.Next(length)] = SpecialValues[random.Next(SpecialValues.Length)];

            // A guard element after the output must stay untouched.
            var y = new float[length + 1];
            y[length] = 12345f;
            kernel(x, y);
            Assert.Equal(12345f, y[length]);
            for (int i = 0; i < length; i++)
            {
                Assert.True(accept(x[i], y[i]), $"length {length}, index {i}: f({x[i]:R}) = {y[i]:R} (path {Isa.Describe()})");
            }

            var inPlace = (float[])x.Clone();
            kernel(inPlace, inPlace);
            for (int i = 0; i < length; i++)
            {
                Assert.True(BitConverter.SingleToUInt32Bits(y[i]) == BitConverter.SingleToUInt32Bits(inPlace[i]),
                    $"in place differs at length {length}, index {i}: {inPlace[i]:R} vs {y[i]:R}");
            }
        }
    }

    /// <summary>Checks a kernel with inputs (a, b): accept(a, b, got); in place on a and on b must give the same bits.</summary>
    public static void CheckBinary(Binary kernel, Func<float, float, float, bool> accept, float lowA, float highA)
    {
        var random = new Random(78);
        foreach (int length in Lengths())
        {
            var a = Uniform(random, length, lowA, highA);
            var b = Uniform(random, length, -3, 3);
            if (length > 0)
            {
                a[random.Next(length)] = 0f;
                b[random.Next(length)] = float.NaN;
            }

            var y = new float[length + 1];
            y[length] = 12345f;
            kernel(a, b, y);
            Assert.Equal(12345f, y[length]);
            for (int i = 0; i < length; i++)
            {
                Assert.True(accept(a[i], b[i], y[i]), $"length {length}, index {i}: f({a[i]:R}, {b[i]:R}) = {y[i]:R} (path {Isa.Describe()})");
            }

            var onA = (float[])a.Clone();
            kernel(onA, b, onA);
            var onB = (float[])b.Clone();
            kernel(a, onB, onB);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(BitConverter.SingleToUInt32Bits(y[i]), BitConverter.SingleToUInt32Bits(onA[i]));
                Assert.Equal(BitConverter.SingleToUInt32Bits(y[i]), BitConverter.SingleToUInt32Bits(onB[i]));
            }
        }
    }
}
