namespace McpSaas.Reconciler.State;

/// <summary>One thing McpSaas deployed for a server (a Worker script), as recorded after a successful deploy.</summary>
public sealed record InventoryEntry
{
    public required ServerId ServerId { get; init; }

    /// <summary>Where it runs: <c>local</c> or <c>cloudflare</c>.</summary>
    public required string Platform { get; init; }

    public required string ScriptName { get; init; }

    public required string ContentHash { get; init; }

    public required DateTimeOffset DeployedAt { get; init; }

    /// <summary>The applied deployment's summary (JSON, no secret values): what the planner compares to explain the next change.</summary>
    public string? SummaryJson { get; init; }

    /// <summary>The platform's etag in the receipt of the last write (drift: the listed etag differs); null when unknown.</summary>
    public string? Etag { get; init; }

    /// <summary>The platform's modification time in that receipt.</summary>
    public DateTimeOffset? ModifiedOn { get; init; }

    /// <summary>The platform's version id in that receipt.</summary>
    public string? VersionId { get; init; }
}
