namespace SimdNn.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C into a cancellation request (training stops after the current batch and
/// saves the best model); a second Ctrl+C ends the process at once, as usual.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource source;

    public CtrlC(CancellationToken outer)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        Console.Error.WriteLine("simd-nn: stopping after the current batch (Ctrl+C again to quit at once)");
        source.Cancel();
    }
}
