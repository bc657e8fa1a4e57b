namespace Nn.Dense;

/// <summary>
/// The per-thread buffers of int8 inference: a batch's activation codes, and a scale and zero point per row. Per
/// thread so that concurrent Predict calls never share them; they only grow, so after the first call of a size on a
/// thread nothing is allocated.
/// </summary>
internal sealed class QuantizedScratch
{
    [ThreadStatic] private static QuantizedScratch? current;

    public byte[] Codes { get; private set; } = [];

    public float[] RowScales { get; private set; } = [];

    public int[] ZeroPoints { get; private set; } = [];

    /// <summary>The batch's inputs times an equalized layer's input factors (grown by <see cref="ScaledInputs"/>, only for such layers).</summary>
    private float[] scaled = [];

    /// <summary>This thread's buffers, grown to hold <paramref name="batch"/> rows of <paramref name="width"/> codes.</summary>
    public static QuantizedScratch ForThread(int batch, int width)
    {
        var scratch = current ??= new QuantizedScratch();
        long codes = (long)batch * width;
        if (scratch.Codes.Length < codes) scratch.Codes = new byte[codes];
        if (scratch.RowScales.Length < batch)
        {
            scratch.RowScales = new float[batch];
            scratch.ZeroPoints = new int[batch];
        }

        return scratch;
    }

    /// <summary>A batch × width buffer for an equalized layer's scaled inputs, grown on first need.</summary>
    public Span<float> ScaledInputs(int batch, int width)
    {
        int length = batch * width;
        if (scaled.Length < length) scaled = new float[length];
        return scaled.AsSpan(0, length);
    }
}
