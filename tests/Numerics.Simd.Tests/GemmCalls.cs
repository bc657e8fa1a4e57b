namespace Numerics.Simd.Tests;

/// <summary>
/// The GEMM's entries, called as they are (<see cref="Public"/>) or with the cache blocks shrunk
/// (<see cref="SmallBlocks"/>: KC = 7, MC = 24, NC = 64), so that shapes of up to about a hundred
/// cross several blocks of each kind: k slices that start mid-row, blocks of A that end on short
/// slivers, panels of B split across NC. The small blocks go through the internal entry that the
/// public ones call after checking their arguments (the callers here pass valid ones).
/// </summary>
internal sealed unsafe class GemmCalls
{
    public static readonly GemmCalls Public = new(null);

    public static readonly GemmCalls SmallBlocks = new(new GemmBlocking(kc: 7, packedKC: 7, mc: 24, nc: 64));

    private readonly GemmBlocking? blocks;

    private GemmCalls(GemmBlocking? blocks) => this.blocks = blocks;

    public void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (blocks is { } small) Gemm.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, [], null, null, small);
        else Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public void MultiplyAddBias(Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        if (blocks is { } small) Gemm.Run(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc, bias, null, null, small);
        else Gemm.MultiplyAddBias(transA, transB, m, n, k, a, lda, b, ldb, bias, c, ldc);
    }

    public void Multiply(Transpose transA, int m, float alpha, ReadOnlySpan<float> a, int lda, GemmPackedB b, float beta, Span<float> c, int ldc)
    {
        if (blocks is { } small) Gemm.Run(transA, Transpose.No, m, b.Columns, b.Rows, alpha, a, lda, [], 0, beta, c, ldc, [], b, null, small);
        else Gemm.Multiply(transA, m, alpha, a, lda, b, beta, c, ldc);
    }

    public void MultiplyAddBias(Transpose transA, int m, ReadOnlySpan<float> a, int lda, GemmPackedB b, ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        if (blocks is { } small) Gemm.Run(transA, Transpose.No, m, b.Columns, b.Rows, 1f, a, lda, [], 0, 0f, c, ldc, bias, b, null, small);
        else Gemm.MultiplyAddBias(transA, m, a, lda, b, bias, c, ldc);
    }

    public void MultiplyAddBiasRelu(Transpose transA, int m, ReadOnlySpan<float> a, int lda, GemmPackedB b, ReadOnlySpan<float> bias, Span<float> c, int ldc)
    {
        if (blocks is { } small)
        {
            Gemm.Run(transA, Transpose.No, m, b.Columns, b.Rows, 1f, a, lda, [], 0, 0f, c, ldc, bias, b,
                &GemmEpilogue.Apply<Operators.ReluOperator>, small);
        }
        else
        {
            Gemm.MultiplyAddBiasRelu(transA, m, a, lda, b, bias, c, ldc);
        }
    }
}
