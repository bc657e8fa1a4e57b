namespace SimdNn.Cli.Verification;

/// <summary>
/// The outcome of one self-test on one instruction-set path: how many cases ran, how many failed,
/// the worst error as a fraction of its tolerance (≤ 1 passes), and the first failure in words.
/// </summary>
internal sealed record CheckResult(string Name, int Cases, int Failures, double WorstRatio, string? FirstFailure)
{
    public bool Passed => Failures == 0 && Cases > 0;

    public string ToLine(int vectorBits) =>
        string.Join('\t', "RESULT", Name, vectorBits, Cases, Failures, WorstRatio.ToString("R", System.Globalization.CultureInfo.InvariantCulture), FirstFailure ?? "");

    public static CheckResult? FromLine(string line, out int vectorBits)
    {
        vectorBits = -1;
        var parts = line.Split('\t');
        if (parts.Length != 7 || parts[0] != "RESULT") return null;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        vectorBits = int.Parse(parts[2], culture);
        return new CheckResult(parts[1], int.Parse(parts[3], culture), int.Parse(parts[4], culture), double.Parse(parts[5], culture),
            parts[6].Length == 0 ? null : parts[6]);
    }
}

/// <summary>Accumulates per-case comparisons for one check.</summary>
internal sealed class CheckTally(string name)
{
    private int cases;
    private int failures;
    private double worst;
    private string? first;

    public void Case() => cases++;

    /// <summary>Compares one value; a NaN where a number is expected fails.</summary>
    public bool Compare(double got, double want, double tolerance, Func<string> where)
    {
        double error = Math.Abs(got - want);
        double ratio = tolerance > 0 ? error / tolerance : (error == 0 ? 0 : double.PositiveInfinity);
        if (double.IsNaN(got) != double.IsNaN(want)) ratio = double.PositiveInfinity;
        else if (double.IsNaN(got)) ratio = 0;
        if (!(ratio <= worst)) worst = double.IsNaN(ratio) ? double.PositiveInfinity : Math.Max(worst, ratio);
        if (ratio <= 1) return true;
        failures++;
        first ??= $"{where()}: got {got:R}, want {want:R}, tolerance {tolerance:G3}";
        return false;
    }

    public CheckResult Result() => new(name, cases, failures, worst, first);
}
