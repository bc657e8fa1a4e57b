using Nn.Onnx.Tests.Reference;

namespace Nn.Onnx.Tests;

/// <summary>Compares two float32 implementations against the double reference's error bound.</summary>
public static class Agreement
{
    /// <summary>
    /// Asserts |ours − peer| ≤ 2·d (both within d of the exact result, see <see cref="ReferenceForward"/>)
    /// and, as a check that the bound is not vacuous, that each is within d of the reference.
    /// </summary>
    public static void Assert(IReadOnlyList<LayerSpec> layers, float[] inputs, int batch, float[] ours, float[] peer, string context)
    {
        int inputSize = layers[0].Inputs, outputSize = layers[^1].Outputs;
        Xunit.Assert.Equal(batch * outputSize, ours.Length);
        Xunit.Assert.Equal(batch * outputSize, peer.Length);
        for (int row = 0; row < batch; row++)
        {
            var (want, bound) = ReferenceForward.Run(layers, inputs.AsSpan(row * inputSize, inputSize));
            for (int i = 0; i < outputSize; i++)
            {
                float got = ours[row * outputSize + i], other = peer[row * outputSize + i];
                string where = $"{context}, sample {row}, output {i}: ours {got:R}, peer {other:R}, reference {want[i]:R}, bound d = {bound[i]:E3}";
                Xunit.Assert.True(Math.Abs(got - want[i]) <= bound[i], "ours is outside the reference bound; " + where);
                Xunit.Assert.True(Math.Abs(other - want[i]) <= bound[i], "peer is outside the reference bound; " + where);
                Xunit.Assert.True(Math.Abs(got - other) <= 2 * bound[i], "ours and peer disagree beyond 2d; " + where);
            }
        }
    }
}
