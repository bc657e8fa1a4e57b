using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// Argument limits for the gated activations x·g(x) (SiLU, GELU with tanh) and their derivatives: beyond
/// ±120 the gate g has saturated to exactly 0 or 1 in float, so limiting x there changes no finite result
/// and turns the ∞·0 of an infinite input into the limit (−0, or a derivative of exactly 0 or 1).
/// NaN passes through (every comparison with it is false).
/// </summary>
internal static class SmoothLimits
{
    private const float Limit = 120f;

    /// <summary>max(x, −120).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float RaiseToFloor(float x) => x < -Limit ? -Limit : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector RaiseToFloor<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var floor = TWidth.Create(-Limit);
        return TWidth.ConditionalSelect(TWidth.LessThan(x, floor), floor, x);
    }

    /// <summary>x limited to [−120, 120].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float x) => x > Limit ? Limit : RaiseToFloor(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Clamp<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var ceiling = TWidth.Create(Limit);
        return RaiseToFloor<TWidth, TVector>(TWidth.ConditionalSelect(TWidth.GreaterThan(x, ceiling), ceiling, x));
    }
}
