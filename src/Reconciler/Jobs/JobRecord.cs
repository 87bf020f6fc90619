namespace McpSaas.Reconciler.Jobs;

/// <summary>A job as the queue holds it.</summary>
public sealed record JobRecord
{
    public required long Id { get; init; }

    public required string RepoKey { get; init; }

    public required JobKind Kind { get; init; }

    public required JobTriggers Triggers { get; init; }

    public long? InstallationId { get; init; }

    public long? RepositoryId { get; init; }

    public string? CommitSha { get; init; }

    public string? BeforeSha { get; init; }

    public long? Order { get; init; }

    public int? PullRequestNumber { get; init; }

    public bool FromFork { get; init; }

    public string? RenameToOwner { get; init; }

    public string? RenameToName { get; init; }

    public string? DeliveryId { get; init; }

    public required JobState State { get; init; }

    /// <summary>How many times it was claimed (the first run is attempt 1).</summary>
    public int Attempts { get; init; }

    public required DateTimeOffset RunAfter { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public JobErrorClass? ErrorClass { get; init; }

    /// <summary>The last failure, for people; never a secret value.</summary>
    public string? LastError { get; init; }

    /// <summary>What the handler returned for reporting (a plan as JSON, say); null when nothing.</summary>
    public string? ResultJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
