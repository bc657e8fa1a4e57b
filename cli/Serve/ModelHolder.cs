using System.Diagnostics;
using System.Globalization;
using SimdNn.Cli.Files;

namespace SimdNn.Cli.Serve;

/// <summary>
/// The model being served, swapped whole when its file changes. The reference is volatile and each
/// request reads it once, so a request in flight finishes on the model it started with and none
/// fails during a swap. A new file that does not load (corrupt, truncated, another format), whose
/// input width differs (every client sends rows of the width being served; a new width needs a
/// restart, which also re-derives the body limits), or that is too wide for --max-batch is logged
/// and the old model keeps serving. Outputs, labels and task may change.
/// </summary>
internal sealed class ModelHolder : IDisposable
{
    private readonly string path;
    private readonly int maxBatch;
    private readonly Lock reloading = new();
    private readonly ModelWatcher? watcher;
    private volatile NetworkModel current;

    /// <exception cref="CliException">The model does not load, or max-batch rows of its widest layer do not fit in an array.</exception>
    public ModelHolder(string path, int maxBatch)
    {
        this.path = path;
        this.maxBatch = maxBatch;
        current = Load(generation: 1);
        try
        {
            watcher = new ModelWatcher(path, Reload);
        }
        catch (IOException e)
        {
            ServeLog.Problem($"hot reload is off, the folder of {path} cannot be watched: {e.Message}");
        }
    }

    public NetworkModel Current => current;

    public void Dispose() => watcher?.Dispose();

    private NetworkModel Load(int generation)
    {
        var clock = Stopwatch.StartNew();
        var loaded = ModelFiles.Load(path);
        var model = new NetworkModel(loaded, path, clock.Elapsed, generation);
        if ((long)maxBatch * model.WidestLayer > Array.MaxLength)
        {
            throw CliException.UsageError(string.Create(CultureInfo.InvariantCulture,
                $"--max-batch {maxBatch} rows of {path}'s widest layer ({model.WidestLayer} units) do not fit in one array; lower --max-batch"));
        }

        return model;
    }

    private void Reload()
    {
        // The watcher's timer may fire again while a large model is still loading.
        lock (reloading)
        {
            var old = current;
            try
            {
                var next = Load(old.Info.Generation + 1);
                if (next.Inputs != old.Inputs)
                {
                    throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                        $"{path} now takes {next.Inputs} inputs, the served model {old.Inputs}; restart simd-nn serve to change the input width"));
                }

                current = next;
                ServeLog.Event(string.Create(CultureInfo.InvariantCulture,
                    $"reloaded {path} (generation {next.Info.Generation}, {next.Info.Weights}, {next.Inputs} inputs, {next.Outputs} outputs) in {next.Info.LoadMilliseconds:F0} ms"));
            }
            catch (Exception e)
            {
                // This runs on a timer thread, where an escaping exception would end the process: whatever
                // the new file does wrong (CliException names it; a file vanishing mid-read is an IOException), the old model stays.
                ServeLog.Problem(string.Create(CultureInfo.InvariantCulture, $"reload failed, still serving generation {old.Info.Generation}: {e.Message}"));
            }
        }
    }
}
