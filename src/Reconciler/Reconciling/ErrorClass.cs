namespace McpSaas.Reconciler.Reconciling;

/// <summary>How a failure is handled (Flux's classes): what to retry, what to wait for, what needs new input.</summary>
public enum ErrorClass
{
    /// <summary>Network, rate limits, 5xx, concurrent modification: retried with backoff, honouring <c>Retry-After</c>.</summary>
    Transient,

    /// <summary>Something the server needs is not there yet (a secret not set): that server waits, the others go on; retried on the next run.</summary>
    Waiting,

    /// <summary>A configuration error (invalid manifest, plan limit, a name owned by someone else): not retried until the input changes.</summary>
    Stalled,
}
