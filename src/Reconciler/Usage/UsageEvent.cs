using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// One <c>tools/call</c> as the Worker reports it (worker-contract.md, "Limits and usage"):
/// never arguments or results.
/// </summary>
public sealed record UsageEvent
{
    /// <summary>Unique per server; a redelivered event with the same id counts once.</summary>
    public required string EventId { get; init; }

    public required ServerId ServerId { get; init; }

    /// <summary>The MCP tool name as the client called it (alias prefix included).</summary>
    public required string Tool { get; init; }

    /// <summary>The id of the API key the call came with (<see cref="Keys.ApiKeys.KeyIdOf"/>), if any.</summary>
    public string? KeyId { get; init; }

    public required bool Ok { get; init; }

    public string? ErrorKind { get; init; }

    public required long DurationMs { get; init; }

    /// <summary>When the call was made; decides the day and month it counts in (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
