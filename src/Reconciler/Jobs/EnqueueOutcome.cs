namespace McpSaas.Reconciler.Jobs;

public enum EnqueueOutcome
{
    /// <summary>A new pending job.</summary>
    Created,

    /// <summary>Merged into the pending job for the same work (newest commit kept, triggers joined, earliest time kept).</summary>
    Coalesced,

    /// <summary>Older than a head already queued or applied (a delivery that arrived late): nothing queued.</summary>
    Stale,

    /// <summary>A periodic run for a repository whose last job stalled: not retried until its input changes.</summary>
    SkippedStalled,
}
