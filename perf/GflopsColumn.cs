using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdNn.Perf;

/// <summary>
/// Reports a benchmark's GFLOP/s (2·M·K·N FLOP per call, from its <c>Shape</c> parameter
/// "MxKxN") or its fraction of the measured single-thread FMA peak (<see cref="FmaPeak"/>).
/// </summary>
public sealed class GflopsColumn(bool fractionOfPeak) : IColumn
{
    public string Id => fractionOfPeak ? "PercentOfPeak" : "GFLOPs";
    public string ColumnName => fractionOfPeak ? $"% of peak ({FmaPeak.GigaFlops:F0})" : "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => fractionOfPeak ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => fractionOfPeak
        ? "GFLOP/s as a percentage of this machine's measured one-thread FMA peak"
        : "2·M·K·N floating-point operations per second, in billions";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        object? shape = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Shape")?.Value;
        if (report?.ResultStatistics is null || shape is not string text) return "-";
        var parts = text.Split('x').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        double gflops = 2 * parts[0] * parts[1] * parts[2] / report.ResultStatistics.Mean;
        return fractionOfPeak
            ? (100 * gflops / FmaPeak.GigaFlops).ToString("F0", CultureInfo.InvariantCulture) + "%"
            : gflops.ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
