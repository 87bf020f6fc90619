namespace McpSaas.Reconciler.Installations;

/// <summary>A GitHub App installation as recorded: the org (account) McpSaas serves.</summary>
public sealed record GitHubInstallationRecord
{
    public required long InstallationId { get; init; }

    public long? AccountId { get; init; }

    public required string AccountLogin { get; init; }

    public string? AccountType { get; init; }

    public string? RepositorySelection { get; init; }

    public required InstallationStatus Status { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
