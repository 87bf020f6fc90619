using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace McpSaas.Reconciler.Sources;

/// <summary>
/// What .NET does not say about a path: its kind (a fifo and /dev/zero are both "Normal" files of length 0 to .NET)
/// and its real path (every symbolic link resolved). Linux: <c>statx(2)</c> (one layout on every architecture) and
/// <c>realpath(3)</c>. Where they are missing, <see cref="Status"/> returns null and callers fall back to what .NET
/// knows (then a fifo named mcp.yaml would block: Linux is what McpSaas runs on).
/// </summary>
internal static class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxBufferBytes = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary><c>ELOOP</c>: too many levels of symbolic links.</summary>
    public const int SymbolicLinkLoop = 40;

    private static bool _missing;

    /// <summary>The kind and size of <paramref name="path"/> (of the link itself unless <paramref name="followLinks"/>), or null when unknown.</summary>
    public static UnixFileStatus? Status(string path, bool followLinks)
    {
        if (_missing || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxBufferBytes];
        try
        {
            if (Native.statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxSize, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _missing = true;
            return null;
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset)) & 0xF000;
        var kind = mode switch
        {
            0x8000 => UnixFileKind.Regular,
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.SymbolicLink,
            _ => UnixFileKind.Other,
        };
        return new UnixFileStatus(kind, (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(SizeOffset)));
    }

    /// <summary>The path with every symbolic link resolved, or null (and <paramref name="error"/>: errno) when it cannot be.</summary>
    public static string? RealPath(string path, out int error)
    {
        error = 0;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return ManagedRealPath(path, out error);
        }

        try
        {
            var resolved = Native.realpath(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                error = Marshal.GetLastPInvokeError();
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(resolved);
            }
            finally
            {
                Native.free(resolved);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return ManagedRealPath(path, out error);
        }
    }

    private static string? ManagedRealPath(string path, out int error)
    {
        error = 0;
        try
        {
            var info = new FileInfo(path);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
            {
                error = 2;
                return null;
            }

            return Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            error = SymbolicLinkLoop;
            return null;
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);
    }
}
