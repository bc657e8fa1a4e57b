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
/// read every row: compacting one value at a time cost a third of what it saved on a 256 × 128
/// layer with half its x zero.
/// </summary>
internal static unsafe partial class GemmPackedGemv
{
    /// <summary>Beyond this depth x is not compacted: the lists live on the stack (8 bytes a row).</summary>
    internal const int MaxSparseDepth = 4096;

    // Tests (and perf/ZeroSkippingBenchmarks) turn skipping off on their thread to compare the two paths.
    [ThreadStatic] private static bool denseOnly;

    /// <summary>A row of B to read: its offset from the panel's start (p·NR floats) and its x.</summary>
    private struct SparseRow
    {
        public int Offset;
        public float Value;
    }

    /// <summary>Runs <paramref name="action"/> with zero skipping off on this thread, so every one-row product reads every row.</summary>
    internal static void DenseOnly(Action action)
    {
        denseOnly = true;
        try
        {
            action();
        }
        finally
        {
            denseOnly = false;
        }
    }

    /// <summary>
    /// The number of zeros in x when skipping them may pay, else 0. A group of g panels pays one
    /// pass over x to compact it and saves g panel rows per zero, so a group skips when
    /// zeros·g ≥ k, and a lone panel never (with all of a 128-deep x zero, skipping took 166 ns
    /// against 138 for a 128 × 10 product), nor is x counted for a one-panel product. Below a
    /// third of x zero nothing skips: the rows left to read are then close
    /// together and the gain small or negative. With 30% of x zero a 784 × 256 product took 0.93×
    /// the dense time and a 256 × 128 one 1.03×; with 40%, 0.78× and 0.87× (perf/results/dense.md).
    /// Only a contiguous x (step 1) of at most <see cref="MaxSparseDepth"/> values, on the 512- or
    /// 256-bit path, is counted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ZerosWorthSkipping(int n, int k, float* x, nint xStep)
    {
        if (xStep != 1 || k > MaxSparseDepth || denseOnly) return 0;
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
    /// step, and a compress stores up to sixteen rows past the last one written.
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compact(float* x, int k, int phases, int nr, SparseRow* rows, int* counts, ref int compacted)
    {
        if (compacted == phases) return;
        compacted = phases;
        int capacity = SparsePhaseCapacity(k, phases);
        SparseRow* e0 = rows, e1 = rows + capacity, e2 = rows + 2 * capacity, e3 = rows + 3 * capacity;
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int p = 0;
        // Sixteen (or eight) rows at a time; p is a multiple of 16 (8), so lane l is phase l mod phases.
        if (Isa.VectorBits == 512)
        {
            var lanePhase = Vector512<int>.Indices & Vector512.Create(phases - 1);
            var phase0 = Vector512.Equals(lanePhase, Vector512<int>.Zero);
            var phase1 = Vector512.Equals(lanePhase, Vector512<int>.One);
            var phase2 = Vector512.Equals(lanePhase, Vector512.Create(2));
            var phase3 = Vector512.Equals(lanePhase, Vector512.Create(3));
            var laneOffsets = Vector512<int>.Indices * nr;
            for (; p <= k - 16; p += 16)
            {
                var values = Vector512.Load(x + p);
                var nonzero = ~Vector512.Equals(values, Vector512<float>.Zero).AsInt32();
                var offsets = laneOffsets + Vector512.Create(p * nr);
                switch (phases)
                {
                    case 1:
                        c0 = Append16(e0, c0, nonzero, offsets, values);
                        break;
                    case 2:
                        c0 = Append16(e0, c0, nonzero & phase0, offsets, values);
                        c1 = Append16(e1, c1, nonzero & phase1, offsets, values);
                        break;
                    default:
                        c0 = Append16(e0, c0, nonzero & phase0, offsets, values);
                        c1 = Append16(e1, c1, nonzero & phase1, offsets, values);
                        c2 = Append16(e2, c2, nonzero & phase2, offsets, values);
                        c3 = Append16(e3, c3, nonzero & phase3, offsets, values);
                        break;
                }
            }
        }
        else
        {
            var lanePhase = Vector256<int>.Indices & Vector256.Create(phases - 1);
            var phase0 = Vector256.Equals(lanePhase, Vector256<int>.Zero);
            var phase1 = Vector256.Equals(lanePhase, Vector256<int>.One);
            var phase2 = Vector256.Equals(lanePhase, Vector256.Create(2));
            var phase3 = Vector256.Equals(lanePhase, Vector256.Create(3));
            var laneOffsets = Vector256<int>.Indices * nr;
            for (; p <= k - 8; p += 8)
            {
                var values = Vector256.Load(x + p);
                var nonzero = ~Vector256.Equals(values, Vector256<float>.Zero).AsInt32();
                var offsets = laneOffsets + Vector256.Create(p * nr);
                switch (phases)
                {
                    case 1:
                        c0 = Append8(e0, c0, nonzero, offsets, values);
                        break;
                    case 2:
                        c0 = Append8(e0, c0, nonzero & phase0, offsets, values);
                        c1 = Append8(e1, c1, nonzero & phase1, offsets, values);
                        break;
                    default:
                        c0 = Append8(e0, c0, nonzero & phase0, offsets, values);
                        c1 = Append8(e1, c1, nonzero & phase1, offsets, values);
                        c2 = Append8(e2, c2, nonzero & phase2, offsets, values);
                        c3 = Append8(e3, c3, nonzero & phase3, offsets, values);
                        break;
                }
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
    /// Appends the lanes of <paramref name="mask"/> (all ones: keep) to list[count …] in lane order
    /// and returns the new count. Writes 16 rows from list[count] whatever the mask: the capacity
    /// leaves room. The compress is the register form (the store form is microcoded on Zen 4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append16(SparseRow* list, int count, Vector512<int> mask, Vector512<int> offsets, Vector512<float> values)
    {
        var keptOffsets = Avx512F.Compress(Vector512<int>.Zero, mask, offsets);
        var keptValues = Avx512F.Compress(Vector512<int>.Zero, mask, values.AsInt32());
        // Interleaved as (Offset, Value) pairs: lane l of a pair index below 16 is from the offsets, at or above from the values.
        var firstPairs = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        var lastPairs = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        int* at = (int*)(list + count);
        Avx512F.PermuteVar16x32x2(keptOffsets, firstPairs, keptValues).Store(at);
        Avx512F.PermuteVar16x32x2(keptOffsets, lastPairs, keptValues).Store(at + 16);
        return count + BitOperations.PopCount(mask.ExtractMostSignificantBits());
    }

    /// <summary>
    /// As Append16, for AVX2, which has no compress: a permute whose lane indices come from a table of
    /// the 256 masks moves the kept lanes to the front. Writes 8 rows from list[count].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append8(SparseRow* list, int count, Vector256<int> mask, Vector256<int> offsets, Vector256<float> values)
    {
        uint bits = mask.ExtractMostSignificantBits();
        var permutation = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(CompressPermutations.Table), bits * 8);
        var keptOffsets = Avx2.PermuteVar8x32(offsets, permutation);
        var keptValues = Avx2.PermuteVar8x32(values.AsInt32(), permutation);
        // Unpacking pairs within each 128-bit half gives (o0 v0 o1 v1 | o4 v4 o5 v5) and
        // (o2 v2 o3 v3 | o6 v6 o7 v7); the half swaps put the four pairs of each store in order.
        var low = Avx2.UnpackLow(keptOffsets, keptValues);
        var high = Avx2.UnpackHigh(keptOffsets, keptValues);
        int* at = (int*)(list + count);
        Avx2.Permute2x128(low, high, 0x20).Store(at);
        Avx2.Permute2x128(low, high, 0x31).Store(at + 8);
        return count + BitOperations.PopCount(bits);
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
