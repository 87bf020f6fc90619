using System.Security.Cryptography;
using System.Text;

namespace McpSaas.Reconciler.Sources;

/// <summary>A plain folder of manifests (local use: <c>--source DIR</c>, <c>up</c>'s examples).</summary>
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

        var contents = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(_root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (ManifestPaths.IsManifestName(Path.GetFileName(file)))
                {
                    contents[Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
                }
            }

            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!ManifestPaths.IsHidden(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }
        }

        return Task.FromResult<ISourceSnapshot>(new Snapshot(contents));
    }

    private sealed class Snapshot : ISourceSnapshot
    {
        private readonly IReadOnlyDictionary<string, byte[]> _contents;

        public Snapshot(SortedDictionary<string, byte[]> contents)
        {
            _contents = contents;
            Files = [.. contents.Select(kv => new SourceFile(kv.Key, McpSaas.Schema.Loading.ManifestCache.BlobId(kv.Value)))];
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
            _contents.TryGetValue(file.Path, out var bytes) ? bytes : throw new SourceException($"{file.Path} is not part of this snapshot");

        public void Dispose()
        {
        }
    }
}
