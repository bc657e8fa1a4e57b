using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// op(B) (k × n) packed once, in the layout the GEMM microkernels stream, for many products
/// C = op(A)·op(B) with the same B: a dense layer's weights, multiplied by every batch. Packing B
/// costs about as much as a small product (it reads and rewrites all of B); a packed B is read
/// in place by <see cref="Gemm.Multiply(Transpose, int, float, ReadOnlySpan{float}, int, GemmPackedB, float, Span{float}, int)"/>,
/// so repeated products skip it (ONNX Runtime's "prepacking").
/// </summary>
/// <remarks>
/// Layout: ⌈n/NR⌉ column panels, NR the microkernel width of this process's instruction-set path
/// (32 for Vector512, 16, 8, 4 for scalar); panel s holds columns s·NR … s·NR+NR−1 row by row
/// (element (p, j) at s·NR·k + p·NR + j mod NR), zero-padded past n, 64-byte aligned. The
/// storage is a pinned array, so no finalizer or Dispose is needed.
/// The object is not synchronized: <see cref="Pack"/> while a product reads it gives a torn B.
/// </remarks>
public sealed unsafe class GemmPackedB
{
    private const int AlignmentFloats = 16;

    private readonly float[] storage;
    private readonly int start;

    /// <summary>Allocates a packed matrix for a k × n op(B) (contents zero until <see cref="Pack"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">k or n is negative, or k·⌈n/NR⌉·NR does not fit in one array.</exception>
    public GemmPackedB(int rows, int columns)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(columns, nameof(columns));
        PanelWidth = GemmKernelTable.PanelWidth;
        long floats = (long)rows * RoundUp(columns, PanelWidth);
        if (floats + AlignmentFloats > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"A packed {rows}x{columns} matrix does not fit in one array.");
        }

        Rows = rows;
        Columns = columns;
        // Pinned (the pinned object heap never moves it), so the aligned start found now stays aligned.
        storage = GC.AllocateArray<float>((int)floats + AlignmentFloats, pinned: true);
        fixed (float* first = storage)
        {
            start = (int)((64 - ((nint)first & 63)) & 63) / sizeof(float);
        }
    }

    /// <summary>k: the rows of op(B) (the inner dimension of the product).</summary>
    public int Rows { get; }

    /// <summary>n: the columns of op(B) (the columns of C).</summary>
    public int Columns { get; }

    /// <summary>NR, the panel width of the packed layout (the microkernel width of this process's path).</summary>
    public int PanelWidth { get; }

    /// <summary>Packs B into a new object: shorthand for the constructor and <see cref="Pack"/>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Pack"/>.</exception>
    public static GemmPackedB Create(Transpose transB, int rows, int columns, ReadOnlySpan<float> b, int ldb)
    {
        var packed = new GemmPackedB(rows, columns);
        packed.Pack(transB, b, ldb);
        return packed;
    }

    /// <summary>
    /// (Re)packs op(B) from <paramref name="b"/>, stored k × n (ldb ≥ n) when
    /// <paramref name="transB"/> is <see cref="Transpose.No"/>, else n × k (ldb ≥ k; a weight
    /// matrix [outputs × inputs] with k = inputs). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">ldb is too small or b is too short for the shape.</exception>
    public void Pack(Transpose transB, ReadOnlySpan<float> b, int ldb)
    {
        if (transB == Transpose.No) Check.Matrix(b.Length, Rows, Columns, ldb, nameof(b), nameof(ldb));
        else Check.Matrix(b.Length, Columns, Rows, ldb, nameof(b), nameof(ldb));
        if (Rows == 0 || Columns == 0) return;
        nint rowStep = transB == Transpose.No ? ldb : 1, colStep = transB == Transpose.No ? 1 : ldb;
        fixed (float* source = b)
        {
            // Packing the whole k as one slice gives exactly the panel layout above.
            GemmPack.PackB(source, rowStep, colStep, Rows, Columns, PanelWidth, Data);
        }

        AllFinite = AllValuesFinite(Data, (nint)Rows * RoundUp(Columns, PanelWidth));
    }

    /// <summary>
    /// Whether every value of B is finite, as of the last <see cref="Pack"/> (true for the zeros of
    /// a new object). Only then may the one-row product skip the rows whose x is zero: 0·∞ is NaN.
    /// </summary>
    internal bool AllFinite { get; private set; } = true;

    /// <summary>The first packed float (64-byte aligned; valid because the storage is pinned).</summary>
    internal float* Data => (float*)Unsafe.AsPointer(ref storage[start]);

    /// <summary>Whether data[0 … count) are all finite; count is a multiple of 4 (whole panels).</summary>
    private static bool AllValuesFinite(float* data, nint count)
    {
        // v·0 is ±0 for a finite v and NaN for ±∞ or NaN, so the sums stay 0 unless one value is not
        // finite. Four sums, so that the additions do not wait on each other.
        Vector128<float> zero = Vector128<float>.Zero, sum0 = zero, sum1 = zero, sum2 = zero, sum3 = zero;
        nint i = 0;
        for (; i <= count - 16; i += 16)
        {
            sum0 += Vector128.Load(data + i) * zero;
            sum1 += Vector128.Load(data + i + 4) * zero;
            sum2 += Vector128.Load(data + i + 8) * zero;
            sum3 += Vector128.Load(data + i + 12) * zero;
        }

        for (; i < count; i += 4) sum0 += Vector128.Load(data + i) * zero;
        return Vector128.EqualsAll((sum0 + sum1) + (sum2 + sum3), zero);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
