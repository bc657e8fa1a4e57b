namespace Nn.Onnx.Tests;

public static class RandomData
{
    /// <summary>Uniform values in [−scale, scale).</summary>
    public static float[] Uniform(Random random, int count, float scale = 1f)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = scale * (2 * random.NextSingle() - 1);
        return values;
    }
}
