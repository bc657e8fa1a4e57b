using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Numerics.Simd.Operators;

namespace Numerics.Simd.GemvKernels;

/// <summary>
/// y = alpha·Aᵀ·x + beta·y (transposed; A stored m×n, y has n elements): axpy form, a block of y held
/// in registers while the rows of A stream through in order. Written once, generic over the vector
/// width (<see cref="IVectorWidth{TVector}"/>); callers have checked every size; beta = 0 never reads y.
/// </summary>
internal static unsafe class GemvColumns
{
    public static void Run(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        switch (Isa.VectorBits)
        {
            case 512: Columns<Width512, Vector512<float>>(m, n, alpha, a, lda, x, beta, y); return;
            case 256: Columns<Width256, Vector256<float>>(m, n, alpha, a, lda, x, beta, y); return;
            case 128: Columns<Width128, Vector128<float>>(m, n, alpha, a, lda, x, beta, y); return;
            default: ColumnsScalar(m, 0, n, alpha, a, lda, x, beta, y); return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns<TWidth, TVector>(int m, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint width = (nuint)TWidth.Count;
        nuint cols = (nuint)n;
        nuint j = 0;

        // Eight vectors of y stay in registers while every row of A streams past (axpy form):
        // eight independent FMA chains keep both FMA pipes busy.
        for (; j + 8 * width <= cols; j += 8 * width)
        {
            TVector c0 = TWidth.Zero, c1 = TWidth.Zero, c2 = TWidth.Zero, c3 = TWidth.Zero;
            TVector c4 = TWidth.Zero, c5 = TWidth.Zero, c6 = TWidth.Zero, c7 = TWidth.Zero;
            float* row = a + j;
            for (int i = 0; i < m; i++, row += lda)
            {
                var xi = TWidth.Create(x[i]);
                c0 = TWidth.FusedMultiplyAdd(TWidth.Load(row), xi, c0);
                c1 = TWidth.FusedMultiplyAdd(TWidth.Load(row + width), xi, c1);
                c2 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 2 * width), xi, c2);
                c3 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 3 * width), xi, c3);
                c4 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 4 * width), xi, c4);
                c5 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 5 * width), xi, c5);
                c6 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 6 * width), xi, c6);
                c7 = TWidth.FusedMultiplyAdd(TWidth.Load(row + 7 * width), xi, c7);
            }

            Finish<TWidth, TVector>(y + j, c0, alpha, beta);
            Finish<TWidth, TVector>(y + j + width, c1, alpha, beta);
            Finish<TWidth, TVector>(y + j + 2 * width, c2, alpha, beta);
            Finish<TWidth, TVector>(y + j + 3 * width, c3, alpha, beta);
            Finish<TWidth, TVector>(y + j + 4 * width, c4, alpha, beta);
            Finish<TWidth, TVector>(y + j + 5 * width, c5, alpha, beta);
            Finish<TWidth, TVector>(y + j + 6 * width, c6, alpha, beta);
            Finish<TWidth, TVector>(y + j + 7 * width, c7, alpha, beta);
        }

        // Leftover vectors: even and odd rows in separate chains, added at the end.
        for (; j + width <= cols; j += width)
        {
            TVector even = TWidth.Zero, odd = TWidth.Zero;
            float* row = a + j;
            int i = 0;
            for (; i + 2 <= m; i += 2, row += 2 * lda)
            {
                even = TWidth.FusedMultiplyAdd(TWidth.Load(row), TWidth.Create(x[i]), even);
                odd = TWidth.FusedMultiplyAdd(TWidth.Load(row + lda), TWidth.Create(x[i + 1]), odd);
            }

            if (i < m) even = TWidth.FusedMultiplyAdd(TWidth.Load(row), TWidth.Create(x[i]), even);
            Finish<TWidth, TVector>(y + j, TWidth.Add(even, odd), alpha, beta);
        }

        ColumnsScalar(m, (int)j, n, alpha, a, lda, x, beta, y);
    }

    /// <summary>y[0..width) = alpha·dot + beta·y, and y is not read when beta = 0 (per lane the operations of <see cref="GemvRows.Finish"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TWidth, TVector>(float* y, TVector dot, float alpha, float beta)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var scaled = TWidth.Multiply(TWidth.Create(alpha), dot);
        if (beta == 0) TWidth.Store(scaled, y);
        else TWidth.Store(TWidth.FusedMultiplyAdd(TWidth.Create(beta), TWidth.Load(y), scaled), y);
    }

    /// <summary>Columns [first, n) one at a time (the scalar path, and the last few columns of the vector paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnsScalar(int m, int first, int n, float alpha, float* a, nuint lda, float* x, float beta, float* y)
    {
        for (int j = first; j < n; j++)
        {
            float* column = a + j;
            float d = 0;
            for (int i = 0; i < m; i++, column += lda) d = MathF.FusedMultiplyAdd(*column, x[i], d);
            GemvRows.Finish(y + j, d, alpha, beta);
        }
    }
}
