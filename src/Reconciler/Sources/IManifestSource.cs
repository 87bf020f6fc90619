namespace McpSaas.Reconciler.Sources;

/// <summary>Where manifests come from: a git repository or a plain folder (architecture.md).</summary>
public interface IManifestSource
{
    /// <summary>The repository name used in server ids (<c>org/repo/name</c>).</summary>
    string RepoName { get; }

    /// <summary>Where it is read from, for people (never with credentials).</summary>
    string Location { get; }

    /// <summary>Brings the source up to date (git fetch) and returns the files at the wanted revision.</summary>
    Task<ISourceSnapshot> SnapshotAsync(CancellationToken cancellationToken);
}
