namespace McpSaas.Reconciler.Jobs;

/// <summary>The error classes of the reconciler (style.md, after Flux): they decide whether and when a job runs again.</summary>
public enum JobErrorClass
{
    /// <summary>I/O that may work next time (network, 5xx, a lock): retried with backoff.</summary>
    Transient,

    /// <summary>Waiting on something with a known time (a rate limit reset): retried at that time.</summary>
    Waiting,

    /// <summary>A configuration error: never retried until the input changes.</summary>
    Stalled,
}
