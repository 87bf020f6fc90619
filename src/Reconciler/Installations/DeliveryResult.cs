using McpSaas.Reconciler.Jobs;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Installations;

/// <summary>What recording a delivery did, with each queued job's outcome (empty for a duplicate).</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, ValueArray<EnqueueResult> Jobs);
