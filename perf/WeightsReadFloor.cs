using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdNn.Perf;

/// <summary>
/// What one-sample inference spends reading weights: reads as many bytes as a network's packed weights
/// (each layer k × n rounded up to whole panels of NR columns, one pinned array per layer, as
/// <c>GemmPackedB</c> stores them), in layer order, summing them with eight vector accumulators
/// and doing nothing else: at batch 1, how much of a call is reading the weights. The arrays are
/// not the network's own, and where each copy lands in L2 (which decides how fast it reads on a
/// 1 MB L2) differs, so a network can come in under its floor; <see cref="PairedPeerRun"/>
/// reports the spread over several processes.
/// </summary>
public sealed unsafe class WeightsReadFloor
{
    private readonly float[][] layers;

    /// <param name="widths">Layer widths such as 784, 256, 128, 10.</param>
    /// <param name="panelWidth">NR: the packed layout's panel width on this machine.</param>
    public WeightsReadFloor(int[] widths, int panelWidth)
    {
        layers = new float[widths.Length - 1][];
        for (int l = 0; l < layers.Length; l++)
        {
            int panels = (widths[l + 1] + panelWidth - 1) / panelWidth;
            layers[l] = GC.AllocateArray<float>(widths[l] * panels * panelWidth, pinned: true);
            layers[l].AsSpan().Fill(1f / (l + 1));
        }
    }

    /// <summary>The sum of every weight, read once.</summary>
    public float Read()
    {
        float total = 0;
        foreach (var layer in layers)
        {
            fixed (float* data = layer) total += Vector512.IsHardwareAccelerated ? Sum512(data, layer.Length) : Sum256(data, layer.Length);
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum512(float* data, int length)
    {
        var s0 = Vector512<float>.Zero; var s1 = s0; var s2 = s0; var s3 = s0; var s4 = s0; var s5 = s0; var s6 = s0; var s7 = s0;
        int i = 0;
        for (; i + 128 <= length; i += 128)
        {
            s0 += Vector512.Load(data + i); s1 += Vector512.Load(data + i + 16);
            s2 += Vector512.Load(data + i + 32); s3 += Vector512.Load(data + i + 48);
            s4 += Vector512.Load(data + i + 64); s5 += Vector512.Load(data + i + 80);
            s6 += Vector512.Load(data + i + 96); s7 += Vector512.Load(data + i + 112);
        }

        float rest = 0;
        for (; i < length; i++) rest += data[i];
        return Vector512.Sum((s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)) + rest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum256(float* data, int length)
    {
        var s0 = Vector256<float>.Zero; var s1 = s0; var s2 = s0; var s3 = s0; var s4 = s0; var s5 = s0; var s6 = s0; var s7 = s0;
        int i = 0;
        for (; i + 64 <= length; i += 64)
        {
            s0 += Vector256.Load(data + i); s1 += Vector256.Load(data + i + 8);
            s2 += Vector256.Load(data + i + 16); s3 += Vector256.Load(data + i + 24);
            s4 += Vector256.Load(data + i + 32); s5 += Vector256.Load(data + i + 40);
            s6 += Vector256.Load(data + i + 48); s7 += Vector256.Load(data + i + 56);
        }

        float rest = 0;
        for (; i < length; i++) rest += data[i];
        return Vector256.Sum((s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)) + rest;
    }
}
