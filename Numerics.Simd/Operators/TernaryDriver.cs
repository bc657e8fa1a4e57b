using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Numerics.Simd.Operators;

/// <summary>
/// The loop for y[i] = f(a[i], b[i], s) with a broadcast scalar s. Callers have checked lengths and
/// aliasing (y may be exactly a or b, never a partial overlap).
/// </summary>
internal static unsafe class TernaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunScalar<TOperator>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float s, Span<float> y)
        where TOperator : ITernaryOperator
    {
        nuint n = (nuint)a.Length;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* py = y)
        {
            nuint i = 0;
            switch (Isa.VectorBits)
            {
                case 512:
                    {
                        var s512 = Vector512.Create(s);
                        for (; i + 16 <= n; i += 16)
                        {
                            TOperator.Invoke(Vector512.Load(pa + i), Vector512.Load(pb + i), s512).Store(py + i);
                        }

                        if (i < n)
                        {
                            var mask = TailMask.First512(n - i);
                            var result = TOperator.Invoke(
                                Avx512F.MaskLoad(pa + i, mask, Vector512<float>.Zero),
                                Avx512F.MaskLoad(pb + i, mask, Vector512<float>.Zero),
                                s512);
                            Avx512F.MaskStore(py + i, mask, result);
                        }

                        return;
                    }

                case 256:
                    {
                        var s256 = Vector256.Create(s);
                        for (; i + 8 <= n; i += 8)
                        {
                            TOperator.Invoke(Vector256.Load(pa + i), Vector256.Load(pb + i), s256).Store(py + i);
                        }

                        break;
                    }

                case 128:
                    {
                        var s128 = Vector128.Create(s);
                        for (; i + 4 <= n; i += 4)
                        {
                            TOperator.Invoke(Vector128.Load(pa + i), Vector128.Load(pb + i), s128).Store(py + i);
                        }

                        break;
                    }
            }

            for (; i < n; i++) py[i] = TOperator.Invoke(pa[i], pb[i], s);
        }
    }
}
