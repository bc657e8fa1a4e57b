namespace Cli.Tests;

public class CliBuilt
{
    [Fact]
    public void The_tool_is_built_beside_the_tests()
    {
        string dir = AppContext.BaseDirectory.Replace("tests/Cli.Tests", "cli", StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "simd-nn.dll")), $"simd-nn.dll not found in {dir}");
    }
}
