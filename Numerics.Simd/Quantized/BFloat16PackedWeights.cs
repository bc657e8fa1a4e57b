namespace Numerics.Simd;

/// <summary>
/// bfloat16 weights W (outputs × inputs; a bfloat16 is the upper 16 bits of a float32), packed
/// once for <see cref="BFloat16Gemm"/>: half the bytes of float32 weights to stream, and every
/// weight exact once widened.
/// </summary>
/// <remarks>
/// Layout: ⌈outputs/NR⌉ panels, NR = 16, 8, 4 outputs at 512, 256, 128 bits (one float lane per
/// output; 4 on the scalar path); in a panel the inputs go in pairs (k, k+1), one 32-bit lane per
/// output holding both: (lane &lt;&lt; 16) is W[j, k] and (lane &amp; 0xFFFF0000) is W[j, k+1] as
/// float32, so widening costs one integer instruction. Inputs are padded with zero weights to an
/// even count, outputs with zero rows to a multiple of NR; 64-byte aligned, pinned. Read-only
/// after <see cref="Pack"/>, so many threads may multiply with one object.
/// </remarks>
public sealed unsafe class BFloat16PackedWeights
{
    private readonly uint[] storage;
    private readonly int start;

    /// <summary>Allocates the packed buffer once (all weights zero until <see cref="Pack"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputs or outputs is negative, or the packed matrix does not fit in one array.</exception>
    public BFloat16PackedWeights(int inputs, int outputs)
    {
        Check.NonNegative(inputs, nameof(inputs));
        Check.NonNegative(outputs, nameof(outputs));
        Inputs = inputs;
        Outputs = outputs;
        PanelWidth = QuantizedLayout.FloatPanelWidth;
        InputPairs = (inputs + 1) / 2;
        PaddedOutputs = QuantizedLayout.RoundUp(outputs, PanelWidth);
        storage = QuantizedLayout.AllocateAligned<uint>((long)InputPairs * PaddedOutputs, nameof(outputs), outputs, out start);
    }

    /// <summary>The inputs (columns of W): the length of an activation row.</summary>
    public int Inputs { get; }

    /// <summary>The outputs (rows of W).</summary>
    public int Outputs { get; }

    /// <summary>NR, the outputs of one panel (the float lanes of this process's path).</summary>
    internal int PanelWidth { get; }

    /// <summary>⌈inputs/2⌉: the 32-bit lanes of one output in a panel.</summary>
    internal int InputPairs { get; }

    /// <summary>Outputs rounded up to a multiple of NR.</summary>
    internal int PaddedOutputs { get; }

    /// <summary>The first packed lane (64-byte aligned).</summary>
    internal uint* Data => QuantizedLayout.Address(storage, start);

    /// <summary>
    /// (Re)packs W from <paramref name="weights"/>: bfloat16 bit patterns, outputs × inputs
    /// row-major (any pattern: NaN and ±∞ weights give NaN and ±∞ products). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">weights is too short.</exception>
    public void Pack(ReadOnlySpan<ushort> weights)
    {
        Check.Length(weights.Length, (long)Outputs * Inputs, nameof(weights), "an Outputs x Inputs weight matrix");
        int nr = PanelWidth;
        uint* data = Data;
        new Span<uint>(data, InputPairs * PaddedOutputs).Clear();
        for (int j = 0; j < Outputs; j++)
        {
            ReadOnlySpan<ushort> row = weights.Slice(j * Inputs, Inputs);
            uint* lanes = data + (long)(j / nr) * nr * InputPairs + j % nr;
            for (int p = 0; p < Inputs; p++)
            {
                // Even inputs in the low half, odd ones in the high half of the pair's lane.
                lanes[(p / 2) * nr] |= (uint)row[p] << (16 * (p % 2));
            }
        }
    }
}
