using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Usage;

/// <summary>A parsed, validated batch: one server's events (possibly none, to ask for the quota verdict).</summary>
public sealed record UsageBatch(ServerId ServerId, ValueArray<UsageEvent> Events)
{
    /// <summary>The batch's id (stays the same when the Worker sends it again after a lost reply); null when absent.</summary>
    public string? BatchId { get; init; }

    /// <summary>Events the Worker's outbox dropped past its bound since its last accepted batch (<c>dropped</c>).</summary>
    public long Dropped { get; init; }
}
