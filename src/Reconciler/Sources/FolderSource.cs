using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Sources;

/// <summary>
/// A plain folder of manifests (local use: <c>--source DIR</c>, <c>up</c>'s examples), found and read by
/// <see cref="FolderManifests"/>: regular files only, no folder links followed, at most 1 MiB + 1 byte read per file.
/// A file that was not read stays in the snapshot; reading it throws <see cref="UnreadableSourceFileException"/>,
/// which the parser turns into that file's diagnostic.
/// </summary>
public sealed class FolderSource : IManifestSource
{
    private readonly string _root;

    public FolderSource(string root, string? repoName = null)
    {
        _root = Path.GetFullPath(root);
        RepoName = repoName ?? Path.GetFileName(_root.TrimEnd(Path.DirectorySeparatorChar));
    }

    public string RepoName { get; }

    public string Location => _root;

    public Task<ISourceSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root))
        {
            throw new SourceException($"source folder '{_root}' does not exist");
        }

        var contents = new SortedDictionary<string, SourceFileRead>(StringComparer.Ordinal);
        foreach (var file in FolderManifests.Find(_root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            contents[Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/')] = FolderManifests.Read(file, _root);
        }

        return Task.FromResult<ISourceSnapshot>(new Snapshot(contents));
    }

    private sealed class Snapshot : ISourceSnapshot
    {
        private readonly IReadOnlyDictionary<string, SourceFileRead> _contents;

        public Snapshot(SortedDictionary<string, SourceFileRead> contents)
        {
            _contents = contents;
            Files = [.. contents.Select(kv => new SourceFile(kv.Key, BlobId(kv.Value)))];
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var f in Files)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"{f.Path}\0{f.BlobId}\n"));
            }

            Revision = "folder:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
        }

        public string Revision { get; }

        public IReadOnlyList<SourceFile> Files { get; }

        public byte[] Read(SourceFile file) =>
            !_contents.TryGetValue(file.Path, out var read) ? throw new SourceException($"{file.Path} is not part of this snapshot")
            : read.Content ?? throw new UnreadableSourceFileException(file.Path, read);

        /// <summary>The git blob id of the content; for a file not read, an id of why (never a real blob id: no hex-only form).</summary>
        private static string BlobId(SourceFileRead read) =>
            read.Content is { } bytes
                ? McpSaas.Schema.Loading.ManifestCache.BlobId(bytes)
                : "unread:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{read.TooLargeLength}\0{read.Problem}")))[..16];

        public void Dispose()
        {
        }
    }
}
