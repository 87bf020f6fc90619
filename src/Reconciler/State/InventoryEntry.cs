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
}
