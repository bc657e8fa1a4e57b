namespace Numerics.Simd;

/// <summary>
/// A count of panels fixed at compile time: a kernel written once with <c>if (TPanels.Count &gt; 2)</c>
/// around the work of panels 3 and 4 compiles, per count, to exactly the accumulators it uses
/// (the JIT drops the dead branches of a struct type argument), so one body serves every width of pass.
/// </summary>
internal interface IPanelCount
{
    static abstract int Count { get; }
}

internal readonly struct OnePanel : IPanelCount
{
    public static int Count => 1;
}

internal readonly struct TwoPanels : IPanelCount
{
    public static int Count => 2;
}

internal readonly struct FourPanels : IPanelCount
{
    public static int Count => 4;
}

internal readonly struct EightPanels : IPanelCount
{
    public static int Count => 8;
}
