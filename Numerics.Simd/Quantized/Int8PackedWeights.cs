namespace Numerics.Simd;

/// <summary>
/// Int8 weights W (outputs × inputs, row-major, each in [−127, 127]) with one float scale per
/// output (row of W), packed once for <see cref="Int8Gemm"/>; the real weight is W[j, p]·Scales[j].
/// Also keeps ColumnSums[j] = Σ_p W[j, p], the term that corrects for the activations' zero point.
/// </summary>
/// <remarks>
/// Layout: ⌈outputs/NR⌉ panels, NR = 16, 8, 4 outputs at 512, 256, 128 bits (one int32 lane per
/// output; 4 on the scalar path); in a panel the inputs go in groups of 4 bytes per output,
/// [out0: k0..k3][out1: k0..k3]…, then the next 4 inputs: the operand layout of VPDPBUSD and of
/// VPMADDUBSW + VPMADDWD, where one 32-bit lane sums 4 byte products. Inputs are padded with zero
/// weights to a multiple of 4, outputs with zero rows to a multiple of NR; 64-byte aligned, pinned.
/// Read-only after <see cref="Pack"/>, so many threads may multiply with one object; a
/// <see cref="Pack"/> while a product reads it gives a torn W.
/// </remarks>
public sealed unsafe class Int8PackedWeights
{
    /// <summary>
    /// The most inputs: 2·127·127·65536 &lt; 2³¹, so neither a sum of products nor the sum minus
    /// the zero-point correction (each at most 127·127·inputs in size) can overflow int32.
    /// </summary>
    public const int MaxInputs = 65536;

    private readonly sbyte[] storage;
    private readonly int start;
    private readonly float[] scales;
    private readonly int[] columnSums;

    /// <summary>Allocates the packed buffer once (all weights and scales zero until <see cref="Pack"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputs is negative or above <see cref="MaxInputs"/>, outputs is negative, or the packed matrix does not fit in one array.</exception>
    public Int8PackedWeights(int inputs, int outputs)
        : this(inputs, outputs, Int8Paths.PanelWidth)
    {
    }

    /// <summary>Allocates a layout of <paramref name="panelWidth"/> outputs per panel: the tests' way to run every kernel this machine can, whatever the path.</summary>
    internal Int8PackedWeights(int inputs, int outputs, int panelWidth)
    {
        Check.NonNegative(inputs, nameof(inputs));
        Check.NonNegative(outputs, nameof(outputs));
        if (inputs > MaxInputs)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, $"inputs must be at most {MaxInputs} (Int8PackedWeights.MaxInputs), so that int32 sums cannot overflow.");
        }

        Inputs = inputs;
        Outputs = outputs;
        PanelWidth = panelWidth;
        PaddedInputs = QuantizedLayout.RoundUp(inputs, 4);
        PaddedOutputs = QuantizedLayout.RoundUp(outputs, PanelWidth);
        storage = QuantizedLayout.AllocateAligned<sbyte>((long)PaddedInputs * PaddedOutputs, nameof(outputs), outputs, out start);
        // Padded to whole panels, so that a vector epilogue reads a short last panel's scales whole.
        scales = GC.AllocateArray<float>(PaddedOutputs, pinned: true);
        columnSums = GC.AllocateArray<int>(PaddedOutputs, pinned: true);
    }

    /// <summary>The inputs (columns of W): the length of an activation row.</summary>
    public int Inputs { get; }

    /// <summary>The outputs (rows of W).</summary>
    public int Outputs { get; }

    /// <summary>The scale of each output, as of the last <see cref="Pack"/>: Outputs values.</summary>
    public ReadOnlySpan<float> Scales => scales.AsSpan(0, Outputs);

    /// <summary>ColumnSums[j] = Σ_p W[j, p] over the int8 codes, as of the last <see cref="Pack"/>: Outputs values.</summary>
    public ReadOnlySpan<int> ColumnSums => columnSums.AsSpan(0, Outputs);

    /// <summary>NR, the outputs of one panel (the int32 lanes of this process's path).</summary>
    internal int PanelWidth { get; }

    /// <summary>Inputs rounded up to a multiple of 4: the bytes of one output in a panel.</summary>
    internal int PaddedInputs { get; }

    /// <summary>Outputs rounded up to a multiple of NR.</summary>
    internal int PaddedOutputs { get; }

    /// <summary>The first packed byte (64-byte aligned).</summary>
    internal sbyte* Data => QuantizedLayout.Address(storage, start);

    /// <summary>The scales, padded with zeros to <see cref="PaddedOutputs"/>.</summary>
    internal float* ScalesData => QuantizedLayout.Address(scales, 0);

    /// <summary>The column sums, padded with zeros to <see cref="PaddedOutputs"/>.</summary>
    internal int* ColumnSumsData => QuantizedLayout.Address(columnSums, 0);

    /// <summary>
    /// (Re)packs W from <paramref name="weights"/> (outputs × inputs, row-major, every value in
    /// [−127, 127]) and <paramref name="scales"/> (outputs values, each finite and ≥ 0), and
    /// recomputes ColumnSums. Everything is checked before anything is written; allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">weights or scales is too short, a weight is −128 (its negation does not fit: the symmetric range is [−127, 127]; the row and column are named), or a scale is negative, NaN or infinite.</exception>
    public void Pack(ReadOnlySpan<sbyte> weights, ReadOnlySpan<float> scales)
    {
        Check.Length(weights.Length, (long)Outputs * Inputs, nameof(weights), "an Outputs x Inputs weight matrix");
        Check.Length(scales.Length, Outputs, nameof(scales), "a scale per output");
        weights = weights[..(Outputs * Inputs)];
        int refused = weights.IndexOf(sbyte.MinValue);
        if (refused >= 0)
        {
            throw new ArgumentException(
                $"weights[{refused / Inputs}, {refused % Inputs}] is -128; int8 weights must be in [-127, 127].", nameof(weights));
        }

        for (int j = 0; j < Outputs; j++)
        {
            if (!float.IsFinite(scales[j]) || scales[j] < 0)
            {
                throw new ArgumentException($"scales[{j}] is {scales[j]}; a scale must be finite and at least 0.", nameof(scales));
            }
        }

        scales.CopyTo(this.scales);
        int nr = PanelWidth;
        sbyte* data = Data;
        new Span<sbyte>(data, PaddedInputs * PaddedOutputs).Clear();
        for (int j = 0; j < Outputs; j++)
        {
            ReadOnlySpan<sbyte> row = weights.Slice(j * Inputs, Inputs);
            sbyte* panel = data + (long)(j / nr) * nr * PaddedInputs + (j % nr) * 4;
            int sum = 0;
            for (int p = 0; p < Inputs; p++)
            {
                panel[(p / 4) * nr * 4 + (p % 4)] = row[p];
                sum += row[p];
            }

            columnSums[j] = sum;
        }
    }
}
