using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>
/// An element-wise activation applied to a finished tile of C while the tile is still in L1
/// (fused into the product: no second pass over C through memory). The function is the
/// operator <see cref="Activations"/> uses, on the same path, so a fused product gives bit for
/// bit what the product followed by the activation gives.
/// </summary>
internal static unsafe class GemmEpilogue
{
    /// <summary>c[i·ldc + j] = f(c[i·ldc + j]) for i &lt; rows, j &lt; cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOperator>(float* c, nint ldc, int rows, int cols)
        where TOperator : IUnaryOperator
    {
        for (int i = 0; i < rows; i++)
        {
            float* row = c + i * ldc;
            UnaryDriver.Run<TOperator>(row, row, (nuint)cols);
        }
    }
}
