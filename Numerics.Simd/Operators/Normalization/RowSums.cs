using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// The reductions of one row that layer normalization needs: Σ x, Σ (x − c)², and the pair Σ g, Σ g·x̂ with
/// g = dy·γ. Whole vectors are accumulated lane-wise and folded by a fixed tree, then the last n mod width
/// elements are added one at a time, so a result is deterministic for a width.
/// </summary>
internal static unsafe class RowSums
{
    public static float Sum(float* x, nuint n) => Isa.VectorBits switch
    {
        512 => SumOf<Width512, Vector512<float>>(x, n, 0f, false),
        256 => SumOf<Width256, Vector256<float>>(x, n, 0f, false),
        128 => SumOf<Width128, Vector128<float>>(x, n, 0f, false),
        _ => SumOfElements(x, 0, n, 0f, false, 0f),
    };

    /// <summary>Σ (x − center)².</summary>
    public static float SquaredDeviations(float* x, nuint n, float center) => Isa.VectorBits switch
    {
        512 => SumOf<Width512, Vector512<float>>(x, n, center, true),
        256 => SumOf<Width256, Vector256<float>>(x, n, center, true),
        128 => SumOf<Width128, Vector128<float>>(x, n, center, true),
        _ => SumOfElements(x, 0, n, center, true, 0f),
    };

    /// <summary>(Σ_j dy_j·γ_j, Σ_j dy_j·γ_j·x̂_j).</summary>
    public static (float Gradient, float Projection) GradientSums(float* dy, float* scale, float* normalized, nuint n) => Isa.VectorBits switch
    {
        512 => GradientSumsOf<Width512, Vector512<float>>(dy, scale, normalized, n),
        256 => GradientSumsOf<Width256, Vector256<float>>(dy, scale, normalized, n),
        128 => GradientSumsOf<Width128, Vector128<float>>(dy, scale, normalized, n),
        _ => GradientSumsOfElements(dy, scale, normalized, 0, n, 0f, 0f),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float SumOf<TWidth, TVector>(float* x, nuint n, float center, bool squared)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint width = (nuint)TWidth.Count;
        nuint full = n - n % width;
        var centerBroadcast = TWidth.Create(center);
        var sum = TWidth.Zero;
        for (nuint i = 0; i < full; i += width)
        {
            var v = TWidth.Load(x + i);
            if (squared)
            {
                v = TWidth.Subtract(v, centerBroadcast);
                v = TWidth.Multiply(v, v);
            }

            sum = TWidth.Add(sum, v);
        }

        return SumOfElements(x, full, n, center, squared, SoftmaxKernel.ReduceSum(TWidth.SumHalves(sum)));
    }

    private static float SumOfElements(float* x, nuint start, nuint n, float center, bool squared, float sum)
    {
        for (nuint i = start; i < n; i++)
        {
            float deviation = x[i] - center;
            sum += squared ? deviation * deviation : x[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float, float) GradientSumsOf<TWidth, TVector>(float* dy, float* scale, float* normalized, nuint n)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        nuint width = (nuint)TWidth.Count;
        nuint full = n - n % width;
        var gradient = TWidth.Zero;
        var projection = TWidth.Zero;
        for (nuint i = 0; i < full; i += width)
        {
            var g = TWidth.Multiply(TWidth.Load(dy + i), TWidth.Load(scale + i));
            gradient = TWidth.Add(gradient, g);
            projection = TWidth.Add(projection, TWidth.Multiply(g, TWidth.Load(normalized + i)));
        }

        return GradientSumsOfElements(dy, scale, normalized, full, n,
            SoftmaxKernel.ReduceSum(TWidth.SumHalves(gradient)), SoftmaxKernel.ReduceSum(TWidth.SumHalves(projection)));
    }

    private static (float, float) GradientSumsOfElements(float* dy, float* scale, float* normalized, nuint start, nuint n,
        float gradient, float projection)
    {
        for (nuint i = start; i < n; i++)
        {
            float g = dy[i] * scale[i];
            gradient += g;
            projection += g * normalized[i];
        }

        return (gradient, projection);
    }
}
