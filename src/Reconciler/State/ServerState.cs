namespace McpSaas.Reconciler.State;

/// <summary>A server's reconcile condition (Flux's Ready / Reconciling / Stalled).</summary>
public enum ServerState
{
    /// <summary>Seen, not yet converged (or a run is in progress).</summary>
    Reconciling = 0,

    /// <summary>What is deployed matches the manifest.</summary>
    Ready = 1,

    /// <summary>A configuration error (invalid manifest, missing secret); what is deployed is kept; not retried until the input changes.</summary>
    Stalled = 2,

    /// <summary>Something it needs is not there yet (a secret not set): retried every run; what is deployed is kept.</summary>
    Waiting = 3,
}
