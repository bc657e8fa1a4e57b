namespace Nn.Dense.Tests;

/// <summary>
/// <see cref="AtomicFile.Write"/>: the old file survives every failure, no temporary file is left
/// behind, and an error names the user's path rather than the temporary one.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("simdnn-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Target(string contents)
    {
        string path = Path.Combine(folder, "model.bin");
        File.WriteAllText(path, contents);
        return path;
    }

    private string[] Entries() =>
        Directory.GetFileSystemEntries(folder).Select(entry => Path.GetFileName(entry)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Replaces_the_target_and_leaves_only_it()
    {
        string path = Target("old contents");
        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["model.bin"], Entries());
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_file_and_no_temporary()
    {
        string path = Target("old contents");
        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new InvalidOperationException("the writer gave up");
        }));
        Assert.Equal("the writer gave up", error.Message);
        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Entries());
    }

    [Fact]
    public void A_writer_IO_error_names_the_target()
    {
        string path = Target("old contents");
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("the disk is full")));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("the disk is full", error.Message, StringComparison.Ordinal);
        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Entries());
    }

    [Fact]
    public void A_missing_folder_is_reported_with_the_target_path_not_the_temporary()
    {
        string path = Path.Combine(folder, "missing", "model.bin");
        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(path, stream => stream.WriteByte(1)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
        Assert.Empty(Entries());
    }

    [Fact]
    public void A_failed_rename_leaves_the_target_and_no_temporary()
    {
        // The target is a folder, so the rename fails after the temporary file is written.
        string path = Path.Combine(folder, "model.bin");
        Directory.CreateDirectory(path);
        var error = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, stream => stream.WriteByte(1)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(path));
        Assert.Equal(["model.bin"], Entries());
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("path", () => AtomicFile.Write(null!, _ => { }));
        Assert.Throws<ArgumentException>("path", () => AtomicFile.Write("", _ => { }));
        Assert.Throws<ArgumentNullException>("write", () => AtomicFile.Write(Path.Combine(folder, "x"), null!));
        Assert.Empty(Entries());
    }
}
