using McpSaas.Reconciler.Installations;

namespace McpSaas.Reconciler.Jobs;

/// <summary>
/// What a handler gets: the job, and for GitHub repositories their current record (names, installation, removed?)
/// and installation (active, suspended or deleted) as the store has them when the job starts.
/// </summary>
public sealed record JobContext
{
    public required JobRecord Job { get; init; }

    /// <summary>Null for local sources, or when the repository id is not recorded.</summary>
    public GitHubRepositoryRecord? Repository { get; init; }

    public GitHubInstallationRecord? Installation { get; init; }
}
