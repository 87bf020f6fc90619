namespace McpSaas.Reconciler.Identity;

/// <summary>
/// What a server is, underneath its readable id. In GitOps mode the GitHub installation and repository ids
/// identify it, so renaming an org or a repository changes neither the Worker nor its URL; for local sources
/// (folders and git URLs given on the command line) the readable id is the identity.
/// </summary>
public sealed record ServerIdentity
{
    public required ServerId Id { get; init; }

    /// <summary>GitHub App installation id, or null for local sources.</summary>
    public long? InstallationId { get; init; }

    /// <summary>GitHub repository id, or null for local sources.</summary>
    public long? RepositoryId { get; init; }

    /// <summary>A stable key for hashing and ownership: ids in GitOps mode, the readable id locally.</summary>
    public string StableKey => InstallationId is { } inst && RepositoryId is { } repo
        ? $"gh:{inst}/{repo}/{Id.Name}"
        : $"local:{Id}";

    public static ServerIdentity Local(string org, string repo, string name) => new() { Id = new ServerId(org, repo, name) };
}
