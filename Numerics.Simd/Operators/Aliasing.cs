namespace Numerics.Simd.Operators;

/// <summary>
/// The aliasing rule of every element-wise entry point: an output may be exactly an input (in
/// place) or be disjoint from it. A partial overlap would let a store clobber inputs not yet read,
/// so it is rejected rather than computed wrongly.
/// </summary>
internal static class Aliasing
{
    public static void SameOrDisjoint(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{outputName} partially overlaps {inputName} (offset {offset}); pass the same span to work in place, or disjoint spans.",
                outputName);
        }
    }

    public static void Disjoint(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output))
        {
            throw new ArgumentException($"{outputName} overlaps {inputName}; they must be disjoint.", outputName);
        }
    }
}
