namespace McpSaas.Reconciler.State;

/// <summary>How one reconcile run of a repository ended as a whole, written for every run (even when the source could not be read).</summary>
public sealed record RepoRunStatus
{
    public required string Org { get; init; }

    public required string Repo { get; init; }

    /// <summary><c>ok</c>, <c>transient</c>, <c>waiting</c> or <c>stalled</c>.</summary>
    public required string State { get; init; }

    public string? Reason { get; init; }

    public string? Revision { get; init; }
}
