namespace McpSaas.Reconciler.Jobs;

/// <summary>Queue depth for metrics and readiness.</summary>
public sealed record JobQueueStats(int Pending, int Running, int Stalled, int Failed);
