namespace Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData("train", "--layers")]
    [InlineData("evaluate", "--model")]
    [InlineData("predict", "--class")]
    [InlineData("info", "--model")]
    [InlineData("verify", "--seed")]
    [InlineData("bench", "--json")]
    [InlineData("export", "--onnx")]
    [InlineData("quantize", "--format")]
    [InlineData("bench", "--model")]
    [InlineData("train", "CSV file of test rows")]
    [InlineData("evaluate", "or an ONNX model (.onnx), told apart by content")]
    public void Each_command_has_help(string command, string option)
    {
        using var folder = new TempFolder();
        var run = Tool.Run(folder.Path, command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(option, run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
