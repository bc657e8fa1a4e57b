using System.Runtime.CompilerServices;
using Numerics.Simd.Operators;

namespace Numerics.Simd;

/// <summary>The plain bfloat16 product on the packed layout: one FMA chain per element, p in order.</summary>
internal static unsafe class BFloat16KernelScalar
{
    /// <summary>c[i·ldc + j] = f(Σ_p a[i·lda + p]·W[j, p] + bias[j]) for i &lt; rows, j &lt; w.Outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int rows, float* a, nint lda, BFloat16PackedWeights w, float* bias, bool relu, float* c, nint ldc)
    {
        int nr = w.PanelWidth, inputs = w.Inputs;
        for (int j = 0; j < w.Outputs; j++)
        {
            uint* lanes = w.Data + (long)(j / nr) * nr * w.InputPairs + j % nr;
            for (int i = 0; i < rows; i++)
            {
                float* row = a + i * lda;
                float sum = 0;
                for (int p = 0; p < inputs; p++)
                {
                    uint lane = lanes[(p / 2) * nr];
                    float weight = BitConverter.UInt32BitsToSingle(p % 2 == 0 ? lane << 16 : lane & 0xFFFF0000u);
                    sum = MathF.FusedMultiplyAdd(row[p], weight, sum);
                }

                float value = sum + bias[j];
                c[i * ldc + j] = relu ? ReluOperator.Invoke(value) : value;
            }
        }
    }
}
