namespace McpSaas.Reconciler.State;

/// <summary>A repository McpSaas reconciles: <c>org/name</c>, and where its manifests come from (a git URL or folder; never credentials).</summary>
public sealed record RepoRecord
{
    public required string Org { get; init; }

    public required string Name { get; init; }

    public string? Source { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How the last run of the repository as a whole ended (<c>ok</c>, or the class of its failure); null before the first run.</summary>
    public string? LastRunState { get; init; }

    /// <summary>Why the last run failed as a whole (the source could not be read, the plan failed); null when it did not.</summary>
    public string? LastRunReason { get; init; }

    /// <summary>The revision the last run read, when it got that far.</summary>
    public string? LastRunRevision { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }
}
