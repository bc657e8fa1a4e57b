namespace SimdNn.Cli.Serve;

/// <summary>
/// Calls back once a model file has settled after a change. It watches the file's folder for the
/// file's name, because a model is replaced by renaming a finished temporary file over it (what
/// Save and export do) and a rename is an event of the folder; creates and writes count too (a
/// plain copy). Events within <see cref="Quiet"/> of each other make one call.
/// </summary>
internal sealed class ModelWatcher : IDisposable
{
    /// <summary>Long enough for a copy's burst of writes to end, short enough that a deploy feels immediate.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly FileSystemWatcher watcher;
    private readonly Timer settle;

    /// <exception cref="IOException">The folder cannot be watched (e.g. the inotify instance limit is reached).</exception>
    public ModelWatcher(string path, Action changed)
    {
        string fullPath = Path.GetFullPath(path);
        settle = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
        watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += OnEvent;
        watcher.Created += OnEvent;
        watcher.Renamed += OnEvent;
        // A lost event (the watcher's buffer overflowed) may have been ours: look at the file again.
        watcher.Error += (_, _) => Restart();
        watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        watcher.Dispose();
        settle.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Restart();

    private void Restart() => settle.Change(Quiet, Timeout.InfiniteTimeSpan);
}
