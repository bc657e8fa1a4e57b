using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// The two passes a packed-weights kernel family offers: a tile of <see cref="PanelWalk.RowBlock"/>
/// rows × TPanels (1 or 2) panels, and one row × TPanels (1, 2, 4, up to <see cref="WidestRow"/>) panels.
/// </summary>
internal interface IPanelKernels
{
    /// <summary>The most panels <see cref="Row{TPanels}"/> takes at once (8 or 4): as many as its accumulators fit in registers.</summary>
    static abstract int WidestRow { get; }

    /// <summary>Rows row … row + RowBlock − 1 times TPanels panels from <paramref name="panel"/> on.</summary>
    void Tile<TPanels>(int row, int panel)
        where TPanels : IPanelCount;

    /// <summary>Row <paramref name="row"/> times TPanels panels from <paramref name="panel"/> on.</summary>
    void Row<TPanels>(int row, int panel)
        where TPanels : IPanelCount;
}

/// <summary>
/// The order the int8 and bfloat16 kernels walk C in. Blocks of 4 rows go tile by tile, panels
/// outer, so that a pair of panels stays in L1 while every row block passes over it; each weight
/// vector loaded then serves 4 rows. Single rows (batch 1, the latency case, and the rows left over
/// from the blocks) go widest pass first, then at most one pass of each narrower count, so no
/// panel is computed twice.
/// </summary>
internal static class PanelWalk
{
    public const int RowBlock = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernels>(ref TKernels kernels, int rows, int panels)
        where TKernels : struct, IPanelKernels
    {
        int blocked = rows < RowBlock ? 0 : rows - rows % RowBlock;
        for (int panel = 0; panel < panels; panel += 2)
        {
            for (int i = 0; i < blocked; i += RowBlock)
            {
                if (panels - panel >= 2) kernels.Tile<TwoPanels>(i, panel);
                else kernels.Tile<OnePanel>(i, panel);
            }
        }

        for (int i = blocked; i < rows; i++)
        {
            int panel = 0;
            if (TKernels.WidestRow >= 8)
            {
                for (; panels - panel >= 8; panel += 8) kernels.Row<EightPanels>(i, panel);
            }

            for (; panels - panel >= 4; panel += 4) kernels.Row<FourPanels>(i, panel);
            if (panels - panel >= 2)
            {
                kernels.Row<TwoPanels>(i, panel);
                panel += 2;
            }

            if (panels - panel >= 1) kernels.Row<OnePanel>(i, panel);
        }
    }

    /// <summary>Four vectors of sums to lanes, lanes + count, lanes + 2·count, lanes + 3·count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreFour<TWidth, TVector>(float* lanes, int count, TVector first, TVector second, TVector third, TVector fourth)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        TWidth.Store(first, lanes);
        TWidth.Store(second, lanes + count);
        TWidth.Store(third, lanes + 2 * count);
        TWidth.Store(fourth, lanes + 3 * count);
    }
}
