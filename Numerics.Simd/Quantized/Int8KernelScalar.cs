using System.Runtime.CompilerServices;

namespace Numerics.Simd;

/// <summary>
/// The plain int8 product on the packed layout: every sum of products in int32, exact, in
/// whatever order (integer addition is associative), so it is also the reference the vector
/// kernels must equal bit for bit.
/// </summary>
internal static unsafe class Int8KernelScalar
{
    /// <summary>output.Store(i, j, Σ_p a[i·lda + p]·W[j, p]) for i &lt; rows, j &lt; w.Outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOutput>(int rows, byte* a, nint lda, Int8PackedWeights w, TOutput output)
        where TOutput : struct, IInt8Output
    {
        int nr = w.PanelWidth, inputs = w.Inputs;
        for (int j = 0; j < w.Outputs; j++)
        {
            sbyte* weights = w.Data + (long)(j / nr) * nr * w.PaddedInputs + (j % nr) * 4;
            for (int i = 0; i < rows; i++)
            {
                byte* row = a + i * lda;
                int sum = 0;
                for (int p = 0; p < inputs; p++) sum += row[p] * weights[(p / 4) * nr * 4 + (p % 4)];
                output.Store(i, j, sum);
            }
        }
    }
}
