namespace McpSaas.Reconciler.Jobs;

/// <summary>What <see cref="IJobQueue.EnqueueAsync"/> did; <see cref="JobId"/> is the pending job (null when nothing was queued).</summary>
public sealed record EnqueueResult(EnqueueOutcome Outcome, long? JobId);
