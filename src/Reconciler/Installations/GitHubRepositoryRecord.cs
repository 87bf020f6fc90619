using McpSaas.Reconciler.Jobs;

namespace McpSaas.Reconciler.Installations;

/// <summary>
/// A repository of an installation, by its GitHub id. <see cref="Owner"/>/<see cref="Name"/> are its current names
/// (the org and repo of its server ids); <see cref="IdentityInstallationId"/> is the installation it was first seen
/// under, kept through transfers so the servers' identity (installation id + repository id + name) never moves.
/// </summary>
public sealed record GitHubRepositoryRecord
{
    public required long RepositoryId { get; init; }

    /// <summary>The installation that covers it now (tokens are minted for this one).</summary>
    public required long InstallationId { get; init; }

    public required long IdentityInstallationId { get; init; }

    public required string Owner { get; init; }

    public required string Name { get; init; }

    public string? DefaultBranch { get; init; }

    public string? CloneUrl { get; init; }

    public bool Private { get; init; }

    /// <summary>The installation no longer covers it (removed from a selection, or the App was uninstalled).</summary>
    public bool Removed { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string FullName => $"{Owner}/{Name}";

    public string RepoKey => RepoKeys.GitHub(RepositoryId);
}
