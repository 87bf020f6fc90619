using McpSaas.Schema.Loading;

namespace McpSaas.Reconciler.Sources;

/// <summary>
/// The manifests of a folder, found and read safely (issue #9.6), for folder sources and <c>validate</c>:
/// <list type="bullet">
/// <item>hidden folders are skipped, and a symbolic link to a folder is never followed (not out of the source, not
/// back into it: no loops, no file found twice);</item>
/// <item>a manifest that is a symbolic link is read only when it resolves to a regular file inside the source;</item>
/// <item>only regular files are read (never a device such as /dev/zero, a fifo or a socket), and only after their size
/// is checked: at most 1 MiB + 1 byte is ever read.</item>
/// </list>
/// Anything else is a diagnostic of that file (MCP000, MCP002), never an exception.
/// </summary>
public static class FolderManifests
{
    /// <summary>Every manifest entry under <paramref name="root"/> (full paths, ordinal order); a folder that cannot be listed throws <see cref="SourceException"/>.</summary>
    public static IReadOnlyList<string> Find(string root)
    {
        var top = Path.GetFullPath(root);
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(top);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos()];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // Never skip silently: manifests missing from a listing would read as deleted servers.
                throw new SourceException($"cannot list folder '{dir}': {e.Message}", e);
            }

            foreach (var entry in entries)
            {
                var isLink = entry.LinkTarget is not null;
                if (ManifestPaths.IsManifestName(entry.Name) && (isLink || entry is not DirectoryInfo))
                {
                    found.Add(entry.FullName);
                }
                else if (entry is DirectoryInfo && !isLink && !ManifestPaths.IsHidden(entry.Name))
                {
                    pending.Push(entry.FullName);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>
    /// Reads one manifest. With a <paramref name="root"/>, a symbolic link must resolve to a file inside it (a file
    /// named on the command line is read wherever its link points, if it is a regular file).
    /// </summary>
    public static SourceFileRead Read(string path, string? root = null)
    {
        try
        {
            var target = path;
            var own = UnixFiles.Status(path, followLinks: false);
            if (own?.Kind == UnixFileKind.SymbolicLink || (own is null && new FileInfo(path).LinkTarget is not null))
            {
                var real = UnixFiles.RealPath(path, out var error);
                if (real is null)
                {
                    return SourceFileRead.Unreadable(error == UnixFiles.SymbolicLinkLoop
                        ? "it is a symbolic link that loops (too many levels of links)"
                        : "it is a symbolic link to a file that does not exist");
                }

                if (root is not null && !IsInside(real, RealRoot(root)))
                {
                    return SourceFileRead.Unreadable(
                        $"it is a symbolic link to '{real}', outside the source folder: only links to regular files inside it are read");
                }

                target = real;
            }

            var status = UnixFiles.Status(target, followLinks: true);
            if (status is { Kind: not UnixFileKind.Regular } other)
            {
                return SourceFileRead.Unreadable(other.Kind == UnixFileKind.Directory
                    ? "it is a folder, not a file"
                    : "it is not a regular file (a device, a fifo or a socket): only regular files are read");
            }

            var size = status?.Size ?? new FileInfo(target).Length;
            return size > ManifestLoader.MaxFileBytes ? SourceFileRead.TooLarge(size) : ReadBounded(target, size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SourceFileRead.Unreadable(e.Message);
        }
    }

    /// <summary>At most 1 MiB + 1 byte, whatever the file does while it is read (it may grow).</summary>
    private static SourceFileRead ReadBounded(string path, long size)
    {
        const int limit = ManifestLoader.MaxFileBytes + 1;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[(int)Math.Min(size + 1, limit)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length == limit)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total > ManifestLoader.MaxFileBytes ? SourceFileRead.TooLarge(total) : SourceFileRead.Read(buffer[..total]);
    }

    private static string RealRoot(string root) => UnixFiles.RealPath(Path.GetFullPath(root), out _) ?? Path.GetFullPath(root);

    private static bool IsInside(string path, string root) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
