namespace McpSaas.Reconciler.Installations;

/// <summary>GitHub App installations (orgs) and their repositories, by GitHub ids.</summary>
public interface IGitHubStore
{
    Task<GitHubInstallationRecord?> GetInstallationAsync(long installationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GitHubInstallationRecord>> ListInstallationsAsync(CancellationToken cancellationToken);

    Task<GitHubRepositoryRecord?> GetRepositoryAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>Repositories of one installation, or all when null; ordered by owner, name.</summary>
    Task<IReadOnlyList<GitHubRepositoryRecord>> ListRepositoriesAsync(long? installationId, CancellationToken cancellationToken);

    /// <summary>Repositories to reconcile periodically: not removed, of an active installation.</summary>
    Task<IReadOnlyList<GitHubRepositoryRecord>> ListActiveRepositoriesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Renames a repository (by GitHub id) to <paramref name="newOwner"/>/<paramref name="newName"/> everywhere its
    /// names are stored, in one transaction: its record, the repos table, server ids, inventory, API keys, deploy
    /// history, usage and rollups, and repo-scoped secrets (only within one org: a secret never crosses to another
    /// org). Server identity underneath (installation id + repository id + name) does not change, so Workers, URLs
    /// and keys keep working. Appends an audit entry.
    /// </summary>
    Task<RenameResult> RenameRepositoryAsync(long repositoryId, string newOwner, string newName, CancellationToken cancellationToken);
}
