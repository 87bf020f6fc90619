namespace McpSaas.Reconciler.Installations;

/// <summary>An installation as a webhook shows it: recorded (created or updated) by its GitHub id.</summary>
public sealed record InstallationSeen
{
    public required long InstallationId { get; init; }

    /// <summary>The account (org or user) the App is installed on; null when the payload does not say.</summary>
    public long? AccountId { get; init; }

    public string? AccountLogin { get; init; }

    /// <summary><c>Organization</c> or <c>User</c>.</summary>
    public string? AccountType { get; init; }

    /// <summary><c>all</c> or <c>selected</c>.</summary>
    public string? RepositorySelection { get; init; }

    /// <summary>The status to record; null leaves it as it is (a repository event naming the installation).</summary>
    public InstallationStatus? Status { get; init; }
}
