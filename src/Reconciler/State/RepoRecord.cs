namespace McpSaas.Reconciler.State;

/// <summary>A repository McpSaas reconciles: <c>org/name</c>, and where its manifests come from (a git URL or folder; never credentials).</summary>
public sealed record RepoRecord
{
    public required string Org { get; init; }

    public required string Name { get; init; }

    public string? Source { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
