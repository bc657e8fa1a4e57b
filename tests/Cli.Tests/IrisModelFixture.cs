namespace Cli.Tests;

/// <summary>One small iris model trained once and shared by the round-trip and error tests.</summary>
public sealed class IrisModelFixture : IDisposable
{
    public IrisModelFixture()
    {
        Train = Tool.Run(Folder.Path, "train", "--data", "iris", "--layers", "8", "--epochs", "40", "--batch", "16", "--lr", "0.01",
            "--out", Model, "--plot", Folder.File("iris-loss.png"));
    }

    public TempFolder Folder { get; } = new();

    public string Model => Folder.File("iris.snn");

    public ToolRun Train { get; }

    public static string IrisCsv => Path.Combine(Tool.RepositoryRoot, "data", "iris.csv");

    public void Dispose() => Folder.Dispose();
}
