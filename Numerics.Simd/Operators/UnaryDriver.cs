using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loop for y[i] = f(x[i]). Callers have checked lengths (y.Length ≥ x.Length) and that x and
/// y either are the same memory or do not overlap: every vector is loaded before the vector at the
/// same position is stored, so exact aliasing is safe.
/// Loops are compiled fully optimized at once (AggressiveOptimization): a tiered start would run
/// them as on-stack-replacement code, measured several times slower, for many calls.
/// </summary>
internal static unsafe class UnaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : IUnaryOperator
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            Run<TOperator>(px, py, (nuint)x.Length);
        }
    }

    /// <summary>y[i] = f(x[i]) for i &lt; n; inlined into callers that loop over rows (the GEMM epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TOperator>(float* px, float* py, nuint n)
        where TOperator : IUnaryOperator
    {
        nuint i = 0;
        switch (Isa.VectorBits)
        {
            case 512:
                for (; i + 32 <= n; i += 32)
                {
                    var x0 = Vector512.Load(px + i);
                    var x1 = Vector512.Load(px + i + 16);
                    TOperator.Invoke(x0).Store(py + i);
                    TOperator.Invoke(x1).Store(py + i + 16);
                }

                if (i + 16 <= n)
                {
                    TOperator.Invoke(Vector512.Load(px + i)).Store(py + i);
                    i += 16;
                }

                if (i < n)
                {
                    var mask = TailMask.First512(n - i);
                    var result = TOperator.Invoke(Avx512F.MaskLoad(px + i, mask, Vector512<float>.Zero));
                    Avx512F.MaskStore(py + i, mask, result);
                }

                return;

            case 256:
                for (; i + 16 <= n; i += 16)
                {
                    var x0 = Vector256.Load(px + i);
                    var x1 = Vector256.Load(px + i + 8);
                    TOperator.Invoke(x0).Store(py + i);
                    TOperator.Invoke(x1).Store(py + i + 8);
                }

                for (; i + 8 <= n; i += 8) TOperator.Invoke(Vector256.Load(px + i)).Store(py + i);
                break;

            case 128:
                for (; i + 8 <= n; i += 8)
                {
                    var x0 = Vector128.Load(px + i);
                    var x1 = Vector128.Load(px + i + 4);
                    TOperator.Invoke(x0).Store(py + i);
                    TOperator.Invoke(x1).Store(py + i + 4);
                }

                for (; i + 4 <= n; i += 4) TOperator.Invoke(Vector128.Load(px + i)).Store(py + i);
                break;
        }

        for (; i < n; i++) py[i] = TOperator.Invoke(px[i]);
    }
}
