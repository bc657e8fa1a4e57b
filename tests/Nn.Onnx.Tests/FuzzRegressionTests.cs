using Nn.Dense;

namespace Nn.Onnx.Tests;

/// <summary>
/// Inputs on which scripts/fuzz.sh onnx found the importer breaking its contract (a graph node without
/// outputs made the GELU/SiLU pattern matcher, and a Div without outputs the layer-normalization matcher, index
/// an empty list): each must now load or be refused with a documented exception.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> Crashes()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Reference", "fuzz-crashes")).Order()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public void A_former_crash_loads_or_is_refused_with_a_documented_exception(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reference", "fuzz-crashes", file));
        var error = Record.Exception(() => OnnxImport.FromBytes(bytes));
        Assert.True(error is null or InvalidDataException or NotSupportedException, $"{file}: {error}");
    }
}
