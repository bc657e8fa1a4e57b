using System.Runtime.InteropServices;

namespace SimdNn.Cli.Files;

/// <summary>
/// Tells a regular file from a pipe, socket or device without opening it: opening a named pipe
/// for reading blocks until someone writes to it, and .NET reports no file type on Unix. On Linux
/// this asks statx(2), whose buffer layout is the same on every architecture; elsewhere every
/// existing non-folder counts as regular.
/// </summary>
internal static class FileKind
{
    private const int CurrentFolder = -100;      // AT_FDCWD
    private const uint WantType = 0x1;           // STATX_TYPE
    private const int ModeOffset = 28;           // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, uid, gid, then u16 mode
    private const int TypeBits = 0xF000;         // S_IFMT
    private const int RegularType = 0x8000;      // S_IFREG

    /// <summary>True for an existing regular file (links followed); false for a folder, pipe, socket or device, or if it does not exist.</summary>
    public static bool IsRegularFile(string path)
    {
        if (!File.Exists(path)) return false;
        if (!OperatingSystem.IsLinux()) return true;
        var buffer = new byte[256];
        try
        {
            if (Statx(CurrentFolder, path, 0, WantType, buffer) != 0) return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without statx (musl before 1.2.5): no worse than before the check.
            return true;
        }

        return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeBits) == RegularType;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
