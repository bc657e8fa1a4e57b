using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd;

/// <summary>
/// Zero skipping for the one-row product. A ReLU layer's outputs, the next layer's x, are about
/// half zeros, and an image's pixels are often mostly zeros. A row of B whose x is zero adds
/// x·B(p, j) = ±0 to every sum, which changes nothing when B is finite: the sums start at +0,
/// and adding ±0 leaves +0 and every nonzero value as they are. So when enough of x is zero,
/// x's nonzero values are compacted, with their rows' offsets, into one list per k phase, and
/// the group kernels read only those rows of B. Each phase's sums then take the same terms in
/// the same order as in the dense kernels, less the zero ones, so the result is bit for bit the
/// dense kernels' result. A B with an infinity or a NaN is never skipped over (0·∞ is NaN).
/// The 512- and 256-bit paths skip: AVX-512's compress, or on AVX2 a permute from a table of
/// the 256 lane masks, packs sixteen or eight values at a time. The 128-bit and scalar paths
/// read every row, because compacting one value at a time costs more than skipping saves
/// (figures in perf/results/gemm-design.md).
/// </summary>
internal static unsafe partial class GemmPackedGemv
{
    /// <summary>Beyond this depth x is not compacted: the lists live on the stack (8 bytes a row).</summary>
    internal const int MaxSparseDepth = 4096;

    /// <summary>A row of B to read: its offset from the panel's start (p·NR floats) and its x.</summary>
    private struct SparseRow
    {
        public int Offset;
        public float Value;
    }

    /// <summary>
    /// The number of zeros in x when skipping them may pay, else 0. A group of g panels pays one
    /// pass over x to compact it and saves g panel rows per zero, so a group skips when
    /// zeros·g ≥ k, and a lone panel never (its one row saved per zero does not pay for the
    /// pass), nor is x counted for a one-panel product. Below a third of x zero nothing skips: the
    /// rows left to read are then close together and the gain small or negative (figures in
    /// perf/results/gemm-design.md). Only a contiguous x (step 1) of at most
    /// <see cref="MaxSparseDepth"/> values, on the 512- or 256-bit path, is counted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ZerosWorthSkipping(int n, int k, float* x, nint xStep)
    {
        if (xStep != 1 || k > MaxSparseDepth) return 0;
        int nr, widestGroup;
        if (Isa.VectorBits == 512 && Avx512F.IsSupported) (nr, widestGroup) = (32, 8);
        else if (Isa.VectorBits == 256 && Avx2.IsSupported) (nr, widestGroup) = (16, 4);
        else return 0;
        widestGroup = Math.Min((n + nr - 1) / nr, widestGroup);
        if (widestGroup < 2) return 0;
        int zeros = 0, p = 0;
        if (Isa.VectorBits == 512)
        {
            for (; p <= k - 16; p += 16)
            {
                zeros += BitOperations.PopCount(Vector512.Equals(Vector512.Load(x + p), Vector512<float>.Zero).ExtractMostSignificantBits());
            }
        }

        for (; p <= k - 8; p += 8)
        {
            zeros += BitOperations.PopCount(Vector256.Equals(Vector256.Load(x + p), Vector256<float>.Zero).ExtractMostSignificantBits());
        }

        for (; p < k; p++) zeros += x[p] == 0 ? 1 : 0;
        return 3 * zeros >= k && zeros * widestGroup >= k ? zeros : 0;
    }

    /// <summary>
    /// The room for one phase's list: phase 0 also takes the k mod phases rows past the last whole
    /// step, and a compress stores up to sixteen rows past the last one written. The generated
    /// sparse kernels call this too: the lists' layout is one formula, shared by who writes them
    /// (Compact) and who reads them.
    /// </summary>
    private static int SparsePhaseCapacity(int k, int phases) => k / phases + phases + 16;

    /// <summary>The list buffer's length: room for the lists of any phase count (1, 2 or 4).</summary>
    private static int SparseRowsLength(int k) => k + 4 * (4 + 16);

    /// <summary>
    /// Compacts x's nonzero values into one list per phase, as the dense kernels of that phase
    /// count assign rows: phase q takes the rows p ≡ q (mod phases) below k rounded down to a
    /// multiple of phases, phase 0 also the rows past it; each list is in ascending p. Does
    /// nothing when <paramref name="compacted"/> already says the lists are for this phase count.
    /// </summary>
    private static void Compact(float* x, int k, int phases, int nr, SparseRow* rows, int* counts, ref int compacted)
    {
        if (compacted == phases) return;
        compacted = phases;
        if (Isa.VectorBits == 512) Compact<Lanes16, Vector512<int>>(x, k, phases, nr, rows, counts);
        else Compact<Lanes8, Vector256<int>>(x, k, phases, nr, rows, counts);
    }

    /// <summary>Compact, a vector of rows at a time, then the rows past the last whole vector one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compact<TLanes, TVector>(float* x, int k, int phases, int nr, SparseRow* rows, int* counts)
        where TLanes : ICompactLanes<TVector>
        where TVector : unmanaged
    {
        int capacity = SparsePhaseCapacity(k, phases);
        SparseRow* e0 = rows, e1 = rows + capacity, e2 = rows + 2 * capacity, e3 = rows + 3 * capacity;
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        // p is a multiple of the lane count, so lane l is phase l mod phases. The masks are made
        // once here, not per vector.
        TVector phase0 = TLanes.PhaseMask(phases, 0), phase1 = TLanes.PhaseMask(phases, 1);
        TVector phase2 = TLanes.PhaseMask(phases, 2), phase3 = TLanes.PhaseMask(phases, 3);
        var laneOffsets = TLanes.LaneOffsets(nr);
        int p = 0;
        for (; p <= k - TLanes.Count; p += TLanes.Count)
        {
            var values = TLanes.Load(x + p);
            var nonzero = TLanes.NonZero(values);
            int rowOffset = p * nr;
            switch (phases)
            {
                case 1:
                    c0 = TLanes.Append(e0, c0, nonzero, phase0, laneOffsets, rowOffset, values);
                    break;
                case 2:
                    c0 = TLanes.Append(e0, c0, nonzero, phase0, laneOffsets, rowOffset, values);
                    c1 = TLanes.Append(e1, c1, nonzero, phase1, laneOffsets, rowOffset, values);
                    break;
                default:
                    c0 = TLanes.Append(e0, c0, nonzero, phase0, laneOffsets, rowOffset, values);
                    c1 = TLanes.Append(e1, c1, nonzero, phase1, laneOffsets, rowOffset, values);
                    c2 = TLanes.Append(e2, c2, nonzero, phase2, laneOffsets, rowOffset, values);
                    c3 = TLanes.Append(e3, c3, nonzero, phase3, laneOffsets, rowOffset, values);
                    break;
            }
        }

        // The last rows one at a time; those past k rounded down to a multiple of phases go to phase 0.
        int whole = k & ~(phases - 1);
        for (; p < k; p++)
        {
            int phase = p < whole ? p & (phases - 1) : 0;
            switch (phase)
            {
                case 0: c0 = Append(e0, c0, p, nr, x[p]); break;
                case 1: c1 = Append(e1, c1, p, nr, x[p]); break;
                case 2: c2 = Append(e2, c2, p, nr, x[p]); break;
                default: c3 = Append(e3, c3, p, nr, x[p]); break;
            }
        }

        counts[0] = c0;
        counts[1] = c1;
        counts[2] = c2;
        counts[3] = c3;
    }

    /// <summary>
    /// The vector operations of the compaction at one width, as static members of a struct (the
    /// operator-struct pattern of Operators/): the JIT compiles the generic loop once per width,
    /// with every call inlined. What is the same at every width is written here once.
    /// </summary>
    private interface ICompactLanes<TVector>
        where TVector : unmanaged
    {
        /// <summary>Lanes per vector: the rows of x compacted per step.</summary>
        static virtual int Count => sizeof(TVector) / sizeof(int);

        /// <summary>The bits of Count floats from <paramref name="from"/>.</summary>
        static virtual TVector Load(float* from) => Unsafe.ReadUnaligned<TVector>(from);

        /// <summary>
        /// Appends the lanes kept by <paramref name="nonzero"/> and <paramref name="phase"/> (all
        /// ones in both: keep) to list[count …] in lane order, lane l with the offset
        /// laneOffsets[l] + rowOffset, and returns the new count. Writes Count rows from
        /// list[count] whatever the masks: the lists' capacity leaves room.
        /// </summary>
        static abstract int Append(SparseRow* list, int count, TVector nonzero, TVector phase, TVector laneOffsets, int rowOffset, TVector values);

        /// <summary>All ones in the lanes whose bits are not a float ±0, else zeros.</summary>
        static abstract TVector NonZero(TVector bits);

        /// <summary>All ones in the lanes l with l mod phases = phase, else zeros; phases is 1, 2 or 4.</summary>
        static abstract TVector PhaseMask(int phases, int phase);

        /// <summary>l·nr in lane l: the offset of lane l's row of B from the first lane's.</summary>
        static abstract TVector LaneOffsets(int nr);
    }

    /// <summary>Sixteen lanes, with AVX-512's compress.</summary>
    private readonly struct Lanes16 : ICompactLanes<Vector512<int>>
    {
        /// <summary>The compress is the register form (the store form is microcoded on Zen 4).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Append(SparseRow* list, int count, Vector512<int> nonzero, Vector512<int> phase, Vector512<int> laneOffsets,
            int rowOffset, Vector512<int> values)
        {
            var mask = nonzero & phase;
            var offsets = laneOffsets + Vector512.Create(rowOffset);
            var keptOffsets = Avx512F.Compress(Vector512<int>.Zero, mask, offsets);
            var keptValues = Avx512F.Compress(Vector512<int>.Zero, mask, values);
            // Interleaved as (Offset, Value) pairs: lane l of a pair index below 16 is from the offsets, at or above from the values.
            var firstPairs = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var lastPairs = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            int* at = (int*)(list + count);
            Avx512F.PermuteVar16x32x2(keptOffsets, firstPairs, keptValues).Store(at);
            Avx512F.PermuteVar16x32x2(keptOffsets, lastPairs, keptValues).Store(at + 16);
            return count + BitOperations.PopCount(mask.ExtractMostSignificantBits());
        }

        public static Vector512<int> NonZero(Vector512<int> bits) => ~Vector512.Equals(bits.AsSingle(), Vector512<float>.Zero).AsInt32();

        public static Vector512<int> PhaseMask(int phases, int phase) =>
            Vector512.Equals(Vector512<int>.Indices & Vector512.Create(phases - 1), Vector512.Create(phase));

        public static Vector512<int> LaneOffsets(int nr) => Vector512<int>.Indices * nr;
    }

    /// <summary>Eight lanes, for AVX2.</summary>
    private readonly struct Lanes8 : ICompactLanes<Vector256<int>>
    {
        /// <summary>AVX2 has no compress: a permute whose lane indices come from a table of the 256 masks moves the kept lanes to the front.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Append(SparseRow* list, int count, Vector256<int> nonzero, Vector256<int> phase, Vector256<int> laneOffsets,
            int rowOffset, Vector256<int> values)
        {
            uint bits = (nonzero & phase).ExtractMostSignificantBits();
            var offsets = laneOffsets + Vector256.Create(rowOffset);
            var permutation = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(CompressPermutations.Table), bits * 8);
            var keptOffsets = Avx2.PermuteVar8x32(offsets, permutation);
            var keptValues = Avx2.PermuteVar8x32(values, permutation);
            // Unpacking pairs within each 128-bit half gives (o0 v0 o1 v1 | o4 v4 o5 v5) and
            // (o2 v2 o3 v3 | o6 v6 o7 v7); the half swaps put the four pairs of each store in order.
            var low = Avx2.UnpackLow(keptOffsets, keptValues);
            var high = Avx2.UnpackHigh(keptOffsets, keptValues);
            int* at = (int*)(list + count);
            Avx2.Permute2x128(low, high, 0x20).Store(at);
            Avx2.Permute2x128(low, high, 0x31).Store(at + 8);
            return count + BitOperations.PopCount(bits);
        }

        public static Vector256<int> NonZero(Vector256<int> bits) => ~Vector256.Equals(bits.AsSingle(), Vector256<float>.Zero).AsInt32();

        public static Vector256<int> PhaseMask(int phases, int phase) =>
            Vector256.Equals(Vector256<int>.Indices & Vector256.Create(phases - 1), Vector256.Create(phase));

        public static Vector256<int> LaneOffsets(int nr) => Vector256<int>.Indices * nr;
    }

    /// <summary>For each 8-bit lane mask, the indices of its set lanes in order, then zeros: AVX2's stand-in for compress.</summary>
    private static class CompressPermutations
    {
        public static readonly int[] Table = Build();

        private static int[] Build()
        {
            var table = new int[256 * 8];
            for (int mask = 0; mask < 256; mask++)
            {
                int next = 0;
                for (int lane = 0; lane < 8; lane++)
                {
                    if ((mask >> lane & 1) != 0) table[mask * 8 + next++] = lane;
                }
            }

            return table;
        }
    }

    /// <summary>Writes row p at list[count] and returns the count, one more if the value is not ±0 (branch-free).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append(SparseRow* list, int count, int p, int nr, float value)
    {
        list[count].Offset = p * nr;
        list[count].Value = value;
        return count + ((BitConverter.SingleToUInt32Bits(value) << 1) != 0 ? 1 : 0);
    }
}
