using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace McpSaas.Reconciler.Sources;

/// <summary>
/// A git repository: cloned bare into a cache folder once, fetched on every snapshot, read at a commit
/// without a checkout. Credentials come from an <see cref="IGitCredentialsProvider"/> at fetch time.
/// </summary>
public sealed class GitSource : IManifestSource
{
    private static readonly string[] RefSpecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];
    private readonly string _url;
    private readonly string? _ref;
    private readonly string _cacheDir;
    private readonly IGitCredentialsProvider? _credentials;
    private readonly string[] _refSpecs;

    /// <param name="url">A remote URL or a local path of a repository. Must not contain credentials.</param>
    /// <param name="gitCacheRoot">Folder holding bare clones (e.g. <c>.mcpsaas/git</c>).</param>
    /// <param name="gitRef">Branch, tag or commit; null = the remote's default branch.</param>
    /// <param name="repoName">Repository name for server ids; default: the URL's base name without <c>.git</c>.</param>
    /// <param name="extraRefSpecs">Fetched besides branches and tags, e.g. a pull request's head
    /// (<c>+refs/pull/7/head:refs/remotes/origin/pull/7</c>, also for forks); <paramref name="gitRef"/> may then name its commit.</param>
    public GitSource(
        string url, string gitCacheRoot, string? gitRef = null, string? repoName = null, IGitCredentialsProvider? credentials = null,
        IReadOnlyList<string>? extraRefSpecs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new SourceException(
                "the git URL contains credentials; remove them from the URL and pass a token through MCPSAAS_GIT_TOKEN instead");
        }

        _url = Directory.Exists(url) ? Path.GetFullPath(url) : url;
        _ref = gitRef;
        _credentials = credentials;
        _refSpecs = [.. RefSpecs, .. extraRefSpecs ?? []];
        RepoName = repoName ?? BaseName(url);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_url)))[..16];
        _cacheDir = Path.Combine(Path.GetFullPath(gitCacheRoot), $"{Sanitize(RepoName)}-{key}.git");
    }

    public string RepoName { get; }

    public string Location => _url;

    public Task<ISourceSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var repo = OpenOrClone();
            try
            {
                var remote = repo.Network.Remotes["origin"];
                Commands.Fetch(repo, remote.Name, _refSpecs, new FetchOptions { CredentialsProvider = CredentialsHandler(), Prune = true }, null);
                var commit = Resolve(repo, remote);
                return Task.FromResult<ISourceSnapshot>(new Snapshot(repo, commit));
            }
            catch
            {
                repo.Dispose();
                throw;
            }
        }
        catch (LibGit2SharpException e)
        {
            throw new SourceException($"git source {_url}: {e.Message}", e);
        }
    }

    private Repository OpenOrClone()
    {
        if (Repository.IsValid(_cacheDir))
        {
            return new Repository(_cacheDir);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_cacheDir)!);
        var tmp = _cacheDir + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Repository.Init(tmp, isBare: true);
        using (var init = new Repository(tmp))
        {
            init.Network.Remotes.Add("origin", _url);
        }

        try
        {
            Directory.Move(tmp, _cacheDir);
        }
        catch (IOException) when (Repository.IsValid(_cacheDir))
        {
            // Another process cloned it first: use theirs.
            Directory.Delete(tmp, recursive: true);
        }

        return new Repository(_cacheDir);
    }

    private Commit Resolve(Repository repo, Remote remote)
    {
        if (_ref is null)
        {
            var handler = CredentialsHandler();
            var references = handler is null ? repo.Network.ListReferences(remote) : repo.Network.ListReferences(remote, handler);
            var head = references.FirstOrDefault(r => r.CanonicalName == "HEAD");
            var target = (head as SymbolicReference)?.TargetIdentifier ?? head?.TargetIdentifier;
            var branch = target is not null && target.StartsWith("refs/heads/", StringComparison.Ordinal)
                ? target["refs/heads/".Length..]
                : null;
            return (branch is not null ? repo.Branches[$"origin/{branch}"]?.Tip : null)
                ?? throw new SourceException($"git source {_url}: the remote has no default branch (an empty repository?); pass --ref");
        }

        var candidate = repo.Branches[$"origin/{_ref}"]?.Tip
            ?? (repo.Tags[_ref]?.PeeledTarget as Commit)
            ?? repo.Lookup<Commit>(_ref);
        return candidate ?? throw new SourceException($"git source {_url}: ref '{_ref}' is neither a branch, a tag nor a commit of the remote");
    }

    /// <summary>
    /// What libgit2 calls when a server asks for credentials, with the URL it is talking to. The token goes only to
    /// the source's own origin (same scheme, host and port): a redirect to another host or scheme, or any other host
    /// asking, gets no credentials (anonymous). Which schemes get a token at all is the provider's rule
    /// (<c>MCPSAAS_GIT_TOKEN</c>: https only; a GitHub App: its configured web base URL only).
    /// </summary>
    internal LibGit2Sharp.Handlers.CredentialsHandler? CredentialsHandler()
    {
        if (_credentials is null || !Uri.TryCreate(_url, UriKind.Absolute, out var source) || source.IsFile)
        {
            return null;
        }

        return (url, _, _) => Uri.TryCreate(url, UriKind.Absolute, out var asking) && SameOrigin(asking, source)
            && _credentials.For(source) is { } c
                ? new UsernamePasswordCredentials { Username = c.Username, Password = c.Password }
                : new DefaultCredentials();
    }

    private static bool SameOrigin(Uri asking, Uri source) =>
        string.Equals(asking.Scheme, source.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(asking.IdnHost, source.IdnHost, StringComparison.OrdinalIgnoreCase) && asking.Port == source.Port;

    private static string BaseName(string url)
    {
        var trimmed = url.TrimEnd('/', '\\');
        var name = trimmed[(trimmed.LastIndexOfAny(['/', '\\', ':']) + 1)..];
        return name.EndsWith(".git", StringComparison.Ordinal) ? name[..^4] : name;
    }

    private static string Sanitize(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    private sealed class Snapshot : ISourceSnapshot
    {
        private readonly Repository _repo;

        public Snapshot(Repository repo, Commit commit)
        {
            _repo = repo;
            Revision = commit.Sha;
            var files = new List<SourceFile>();
            Walk(commit.Tree, "", files);
            files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            Files = files;
        }

        public string Revision { get; }

        public IReadOnlyList<SourceFile> Files { get; }

        public byte[] Read(SourceFile file)
        {
            var blob = _repo.Lookup<Blob>(file.BlobId) ?? throw new SourceException($"{file.Path}: blob {file.BlobId} is missing from the git cache");
            if (blob.Size > McpSaas.Schema.Loading.ManifestLoader.MaxFileBytes)
            {
                throw new UnreadableSourceFileException(file.Path, SourceFileRead.TooLarge(blob.Size)); // MCP002 without reading it
            }

            using var stream = blob.GetContentStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }

        public void Dispose() => _repo.Dispose();

        private static void Walk(Tree tree, string prefix, List<SourceFile> files)
        {
            foreach (var entry in tree)
            {
                if (entry.TargetType == TreeEntryTargetType.Tree && !ManifestPaths.IsHidden(entry.Name))
                {
                    Walk((Tree)entry.Target, prefix + entry.Name + "/", files);
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && ManifestPaths.IsManifestName(entry.Name)
                    && entry.Mode != Mode.SymbolicLink)
                {
                    files.Add(new SourceFile(prefix + entry.Name, entry.Target.Sha));
                }
            }
        }
    }
}
