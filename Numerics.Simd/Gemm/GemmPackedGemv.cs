using System.Runtime.CompilerServices;

namespace Numerics.Simd;

/// <summary>
/// One row times a prepacked B (<see cref="GemmPackedB"/>): c = alpha·x·op(B) + (beta·c, or the
/// bias when beta = 0), the batch-1 case of a dense layer, bound by reading B. Panels are read in
/// groups of up to eight side by side (up to four below 512 bits), one stream per panel, because
/// more streams in flight read B faster (perf/results/gemm-design.md). Each panel keeps two
/// vectors of sums for each of 1, 2 or 4 interleaved k phases, so that a group has 16
/// accumulators (8 below 512 bits, to fit 16 registers) and enough FMA chains to hide the FMA
/// latency; the phases are added pairwise at the end. x is read with a step, so op(A) may be a
/// column of a transposed A. Deterministic for a given shape and path; the grouping, and so a
/// column's rounding, depends on n.
/// </summary>
/// <remarks>
/// This part chooses which kernel runs on which panels; the kernels are generated
/// (Kernels/GemmPackedGemv.Kernels.cs), and the zero skipping's compaction of x is in
/// GemmPackedGemv.Sparse.cs.
/// </remarks>
internal static unsafe partial class GemmPackedGemv
{
    /// <summary>The widest panel of any path (Vector512's NR): the room for a short last panel's sums.</summary>
    private const int MaxPanelWidth = 32;

    /// <summary>
    /// This path's panel groups, widest first, each half as wide as the one before and the last a
    /// lone panel, so that after the first group's loop each other group runs at most once. None
    /// on the scalar path.
    /// </summary>
    private static readonly PanelGroup[] Groups = Isa.VectorBits switch
    {
        // The 512-bit path's 32 registers hold 16 accumulators and the broadcasts; the narrower
        // paths keep to 8 accumulators, so that they fit in the 16 registers of a machine without AVX-512.
        512 =>
        [
            new(8, 1, &Panels8Phases1Vector512, &SparsePanels8Phases1Vector512),
            new(4, 2, &Panels4Phases2Vector512, &SparsePanels4Phases2Vector512),
            new(2, 4, &Panels2Phases4Vector512, &SparsePanels2Phases4Vector512),
            new(1, 4, &Panels1Phases4Vector512),
        ],
        256 =>
        [
            new(4, 1, &Panels4Phases1Vector256, &SparsePanels4Phases1Vector256),
            new(2, 2, &Panels2Phases2Vector256, &SparsePanels2Phases2Vector256),
            new(1, 4, &Panels1Phases4Vector256),
        ],
        // Compacting x one value at a time costs more than skipping saves: no zero skipping here.
        128 => [new(4, 1, &Panels4Phases1Vector128), new(2, 2, &Panels2Phases2Vector128), new(1, 4, &Panels1Phases4Vector128)],
        _ => [],
    };

    /// <summary>
    /// c[j] = alpha·Σ_p x[p·xStep]·B(p, j) + (beta ≠ 0 ? beta·c[j] : bias?[j] ?? 0) for j &lt; n; k ≥ 1.
    /// <paramref name="skipZeroRows"/>: the rows of B whose x is zero may be skipped, as every value
    /// of B is finite (such a row then adds only zeros) and the caller allows it (<see cref="Gemm.SkipZeroRows"/>).
    /// </summary>
    public static void Run(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias, bool skipZeroRows)
    {
        if (Groups.Length == 0)
        {
            RunScalar(n, k, alpha, x, xStep, packed, beta, c, bias);
            return;
        }

        int zeros = skipZeroRows ? ZerosWorthSkipping(n, k, x, xStep) : 0;
        Walk(Groups, GemmKernelTable.PanelWidth, n, k, alpha, x, xStep, packed, beta, c, bias, zeros);
    }

    /// <summary>
    /// Runs the groups over the ⌈n/nr⌉ panels, widest first. With <paramref name="zeros"/> &gt; 0 (x
    /// contiguous, that many of its k values zero) a group of g panels reads only the rows of B
    /// whose x is not zero when zeros·g ≥ k: it pays one pass over x to compact it and saves g
    /// panel rows per zero. A lone panel reads every row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Walk(PanelGroup[] groups, int nr, int n, int k, float alpha, float* x, nint xStep, float* packed,
        float beta, float* c, float* bias, int zeros)
    {
        float* sums = stackalloc float[MaxPanelWidth]; // a short last panel's sums, for the element-wise store
        SparseRow* rows = null;
        int* counts = null;
        if (zeros > 0)
        {
            SparseRow* lists = stackalloc SparseRow[SparseRowsLength(k)];
            int* listCounts = stackalloc int[4];
            rows = lists;
            counts = listCounts;
        }

        int compacted = 0; // the number of phases rows is compacted for; 0: not yet
        int panels = (n + nr - 1) / nr;
        int panel = 0;
        foreach (var group in groups)
        {
            for (; panels - panel >= group.Panels; panel += group.Panels)
            {
                if (group.Sparse != null && zeros * group.Panels >= k)
                {
                    Compact(x, k, group.Phases, nr, rows, counts, ref compacted);
                    group.Sparse(panel * nr, n, k, alpha, packed, rows, counts, beta, c, bias, sums);
                }
                else
                {
                    group.Dense(panel * nr, n, k, alpha, x, xStep, packed, beta, c, bias, sums);
                }
            }
        }
    }

    /// <summary>Panels read side by side by one kernel, with k in as many interleaved phases, and the kernel's zero-skipping twin (none for a lone panel).</summary>
    private readonly struct PanelGroup(int panels, int phases,
        delegate*<int, int, int, float, float*, nint, float*, float, float*, float*, float*, void> dense,
        delegate*<int, int, int, float, float*, SparseRow*, int*, float, float*, float*, float*, void> sparse = null)
    {
        public readonly int Panels = panels;
        public readonly int Phases = phases;
        public readonly delegate*<int, int, int, float, float*, nint, float*, float, float*, float*, float*, void> Dense = dense;
        public readonly delegate*<int, int, int, float, float*, SparseRow*, int*, float, float*, float*, float*, void> Sparse = sparse;
    }
}
