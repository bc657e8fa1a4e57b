using unsafe PackedKernel = delegate*<int, float*, float*, float*, nint, float, float, bool, float*, void>;
using unsafe DirectKernel = delegate*<int, float*, nint, float*, float*, nint, float, float, bool, float*, void>;

namespace Numerics.Simd;

/// <summary>
/// The microkernels of one instruction-set path and the choice among their shapes: which kernel
/// computes a tile of C, how many rows each tile of a block takes, and so how A is packed. The
/// driver (<see cref="GemmDriver"/>), the packing (<see cref="GemmPack"/>) and the packed B
/// (<see cref="GemmPackedB"/>, whose panels are <see cref="NR"/> wide) all read it, so they agree.
/// Each kernel: tile = alpha·(A sliver · packed B sliver) + (loadC ? beta·tile : bias).
/// </summary>
/// <remarks>
/// <see cref="Invoke4"/> and <see cref="Invoke8"/>, where not null, compute only the first 4 or
/// 8 rows of a full-height packed sliver: a block of C whose height leaves 4 or 8 rows over
/// (m = 64 = 5·12 + 4) then costs what it computes, not a whole 12-row tile.
/// <see cref="InvokeNarrow"/>, where not null, computes only the first NR/2 columns of a sliver:
/// a 10-column output layer then costs 16 columns' work, not 32. Every kernel runs the same
/// sequence of FMAs per element, so which one computed an element never changes its value.
/// <see cref="Direct"/>, where present, holds the same four shapes reading a row-major A where
/// it lies (<see cref="DirectKernels"/>), which saves packing A.
/// </remarks>
internal readonly unsafe struct GemmKernelTable(PackedKernel invoke, int mr, int nr,
    PackedKernel invoke4 = null, PackedKernel invoke8 = null, PackedKernel invokeNarrow = null,
    GemmKernelTable.DirectKernels direct = default)
{
    public readonly PackedKernel Invoke = invoke;
    public readonly PackedKernel Invoke4 = invoke4;
    public readonly PackedKernel Invoke8 = invoke8;
    public readonly PackedKernel InvokeNarrow = invokeNarrow;
    public readonly DirectKernels Direct = direct;
    public readonly int MR = mr;
    public readonly int NR = nr;

    /// <summary>The kernels of this process's path (<see cref="Isa.VectorBits"/>).</summary>
    public static GemmKernelTable ForThisMachine => Isa.VectorBits switch
    {
        512 => new GemmKernelTable(&GemmKernel512.Kernel, GemmKernel512.MR, GemmKernel512.NR, &GemmKernel512.Kernel4, &GemmKernel512.Kernel8, &GemmKernel512.Kernel16,
            new DirectKernels(&GemmKernel512.DirectKernel, &GemmKernel512.DirectKernel4, &GemmKernel512.DirectKernel8, &GemmKernel512.DirectKernel16)),
        256 => new GemmKernelTable(&GemmKernel256.Kernel, GemmKernel256.MR, GemmKernel256.NR),
        128 => new GemmKernelTable(&GemmKernel128.Kernel, GemmKernel128.MR, GemmKernel128.NR),
        _ => new GemmKernelTable(&GemmKernelScalar.Kernel, GemmKernelScalar.MR, GemmKernelScalar.NR),
    };

    /// <summary>NR of this process's path: the width of a packed B's panels and of the one-row kernels' panels.</summary>
    public static int PanelWidth { get; } = ForThisMachine.NR;

    /// <summary>
    /// The rows of C the next tile covers when <paramref name="remaining"/> rows of a block are
    /// left: MR, except that 13 to 16 rows go as 8 and then 5 to 8 (two 8-row kernels instead of
    /// a 12-row and a 4-row one: m = 64 runs as 4·12 + 2·8, and the 4-row kernel, with only
    /// eight FMA chains, is the slowest); the last tile takes what is left. Packing and the
    /// driver walk the same tiles, sliver t at t·MR·kc.
    /// </summary>
    public int TileRows(int remaining) =>
        remaining > MR ? (Invoke8 != null && remaining <= MR + 4 ? 8 : MR) : remaining;

    /// <summary>
    /// The cheapest kernel shape that covers <paramref name="rows"/> × <paramref name="cols"/>
    /// of a tile (0 full, 1 four rows, 2 eight rows, 3 narrow: <see cref="Packed"/> and
    /// <see cref="DirectKernels"/> index it) and how many rows and columns it writes.
    /// </summary>
    public (int Shape, int Height, int Width) For(int rows, int cols) =>
        rows <= 4 && Invoke4 != null ? (1, 4, NR)
        : rows <= 8 && Invoke8 != null ? (2, 8, NR)
        : cols <= NR / 2 && InvokeNarrow != null ? (3, MR, NR / 2)
        : (0, MR, NR);

    /// <summary>The packed kernel of a shape from <see cref="For"/>.</summary>
    public PackedKernel Packed(int shape) => shape switch { 1 => Invoke4, 2 => Invoke8, 3 => InvokeNarrow, _ => Invoke };

    /// <summary>
    /// The direct twins of a kernel family, by shape index (<see cref="For"/>): each reads
    /// A(i, p) = a[i·lda + p] instead of a packed sliver, with the same FMAs in the same order.
    /// </summary>
    internal readonly struct DirectKernels(DirectKernel full, DirectKernel four, DirectKernel eight, DirectKernel narrow)
    {
        public readonly DirectKernel Full = full, Four = four, Eight = eight, Narrow = narrow;

        public bool Available => Full != null;

        public DirectKernel this[int shape] => shape switch { 1 => Four, 2 => Eight, 3 => Narrow, _ => Full };
    }
}
