using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Usage;

/// <summary>A parsed, validated batch: one server's events (possibly none, to ask for the quota verdict).</summary>
public sealed record UsageBatch(ServerId ServerId, ValueArray<UsageEvent> Events);
